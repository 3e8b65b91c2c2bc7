"""A project -> its page live in a browser on this machine, a click away from its YAML.

run.serve binds the server and runs the warm rebuild loop of `preview --watch`
(proeve.drafts.watch); every round becomes a Snapshot (state: the fit, the
warnings, the located errors, the clickable regions from the position map in
places) and a page image (image) that board hands to every open page through
Server-Sent Events. http answers requests, only on 127.0.0.1, only with the
token; editor opens a project file at a line and column without a shell;
reviews shows the drafts and what diff says between two of them. The page
itself is one file, static/index.html.
"""
