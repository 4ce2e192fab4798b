"""The meeting pack: an agenda's briefs as a PowerPoint deck and a PDF, with chart images.

Pure Python, no Streamlit: the app and the benchmark call the same
:func:`pack.build.meeting_pack`. Text comes from :mod:`pack.slides`, so the
deck, the PDF and the screen say the same thing; chart images come from
plotly's image export (kaleido) driving the system Chromium.
"""
