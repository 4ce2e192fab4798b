"""Overview: the headline tiles."""

from views import overview
from views.page import guarded

guarded(overview.render)
