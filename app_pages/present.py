"""Presentation mode: one indicator per screen, next and previous by button or arrow key."""

from views import present
from views.page import guarded

guarded(present.render, presenting=True)
