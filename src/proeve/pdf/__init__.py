"""The PDF file format: write tagged PDF/A, read untrusted PDFs within limits, check, rasterise.

write turns a page painted through the tagging pen (tags, with structure and
lines) into a PDF/A-3a and PDF/UA-1 file with metadata and attached sources;
internals is the one place that reaches into ReportLab; read is the one bounded
reader for PDFs from anywhere, and the only module whose answers leave this
package (plain data, never a pypdf object): annotations reads reviewers' marks,
pageprint what a page prints with its comments left aside, ciphers gives pypdf
its AES provider when an encrypted copy is met; syntax, xmp and conformance are
our own checks of what a file keeps, independent asks page-validation to
confirm what it claims; raster draws pages in a bounded child.
"""
