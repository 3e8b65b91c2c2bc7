"""The page stage: a Document and Template -> a fitted Layout of placed blocks -> paint on a canvas.

cards, crosslinks and furniture measure the blocks at one font size; layout fits
them on one A4 (the largest size that fits); draw paints a Layout. Nothing here
knows about files or the PDF format beyond ReportLab's canvas.
"""
