"""The page stage: a Document and Template -> a fitted Layout of placed blocks -> paint on a canvas.

cards, crosslinks and furniture measure the blocks at one font size, as units
(stack); layout fits them on one A4 at the largest size that fits, flow deciding
where the columns break so that they end level; overflow says what to cut when
nothing fits; draw paints a Layout. Nothing here knows about files or the PDF
format beyond ReportLab's canvas.
"""
