"""About the data: definitions, coverage and provenance."""

from views import about
from views.page import guarded

guarded(about.render)
