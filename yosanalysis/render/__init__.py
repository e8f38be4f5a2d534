"""Renderers: a page's blocks in, a document out — `html` (the notebook's display and so the
reader's page) and `docx` (the Word paper). They lay out; they compute nothing a reader sees."""
