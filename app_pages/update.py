"""Update data: admins load a council's export and restore earlier versions."""

from views import update
from views.page import guarded

guarded(update.render)
