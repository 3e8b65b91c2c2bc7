"""Two proeve PDFs (draft numbers or paths) -> what changed: in words, on the page, in pixels.

sides reads each PDF (through proeve.pdf.read); edits compares their embedded
sources field by field, as the model declares them; foreign compares the
extracted text of PDFs made by anything else; visual the rasterised pages.
report writes the change list, marks and markpage the marked page, review the
review PDF, write puts it on disk.
"""
