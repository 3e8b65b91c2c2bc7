"""Two proeve PDFs (draft numbers or paths) -> what changed: in words, on the page, in pixels.

sources.py compares the embedded sources, text.py the extracted text of PDFs made
by anything else, visual.py the rasterised pages; review.py paints the review PDF.
"""
