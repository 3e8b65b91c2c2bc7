"""The PDF file format: write PDF/A, read untrusted PDFs within limits, check the rules, rasterise.

write turns a painted canvas into a PDF/A-3 file with metadata and attached
sources; read is the one bounded reader for PDFs from anywhere; syntax, xmp and
conformance check what a file keeps; raster draws pages in a bounded child.
"""
