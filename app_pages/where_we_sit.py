"""Where we sit: the ranked view of every council for any comparable indicator."""

from views import ranking
from views.page import guarded

guarded(ranking.render)
