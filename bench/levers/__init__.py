"""Issue 17's speed levers, one script each, as measured for DESIGN.md ("Speed levers tried").

Run from the repository: .venv/bin/python -m bench.levers.<name> (toc_overlap, font_subset,
parallel_pdfs, charts). They print figures; nothing here is part of `make bench`.
"""
