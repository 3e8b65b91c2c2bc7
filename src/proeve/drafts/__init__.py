"""The output folder: a project's sources -> numbered, immutable drafts, the register, a preview.

register reads and writes versions.json; build makes the next draft under the
folder's lock; preview writes the unversioned preview and watches for changes.
"""
