"""The accessibility statement, in the GOV.UK model."""

from views import accessibility
from views.page import guarded

guarded(accessibility.render)
