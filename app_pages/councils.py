from views import councils
from views.page import guarded

guarded(councils.render)
