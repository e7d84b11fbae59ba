"""Letters: from a phone photo, scan or PDF to clean text, with nothing written to disk.

intake (sandboxed parsing: parse, sandbox, sandbox_child) → clean (paper, light, orientation, skew,
binarisation) → ocr (tesseract over stdin/stdout, pages in parallel) ; samples renders test pages
with known text ; cli adds the ``ocr`` verb.
"""
