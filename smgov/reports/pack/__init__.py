"""The termly report pack: its plain model (:mod:`.model`) and the renderers that lay it out (the PDF in
:mod:`.pdf` with its charts in :mod:`.charts`, the workbook in :mod:`.workbook`)."""
