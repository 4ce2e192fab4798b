"""Meeting pack: agenda and presets, presentation, PowerPoint and PDF export, key messages."""

from views import meeting
from views.page import guarded

guarded(meeting.render)
