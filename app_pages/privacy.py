"""The privacy notice and cookies page, in the GOV.UK model."""

from views import privacy
from views.page import guarded

guarded(privacy.render)
