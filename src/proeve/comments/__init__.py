"""Annotated copies of drafts -> reviewers' comments at the file:line:column of their field.

copies reads each annotated PDF (its marks, its page's text, the draft it is
a copy of); threads gathers replies under their comments; place finds the
field and the words under each mark through the draft's position map; locate
finds the field in the draft's own sources; follow finds it again in today's
files; collect puts these together, report writes the lines and JSON, sheet
the comment sheet for the meeting.
"""
