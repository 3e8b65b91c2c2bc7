"""The archive: the drafts of an output folder -> versions of OCFL objects, and the root read back.

ocfl owns the storage root's layout (writing versions, reading inventories);
add turns drafts into versions; check finds what is missing or altered.
"""
