"""The archive: the drafts of an output folder -> versions of OCFL objects, and the root read back.

root opens a storage root for one run (lock, sweep, checks); ocfl owns the
layout inside it (writing versions, reading inventories); add turns drafts
into versions; check finds what is missing or altered.
"""
