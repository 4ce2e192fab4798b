"""Since the last meeting: new figures, new signals and moves against benchmarks."""

from views import since
from views.page import guarded

guarded(since.render)
