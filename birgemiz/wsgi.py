import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "birgemiz.settings")
_django = get_wsgi_application()

from birgemiz.polls.fastpath import with_vote_fast_path  # noqa: E402  needs the settings loaded

#: Anonymous votes in open polls skip the middleware stack (see polls/fastpath.py).
application = with_vote_fast_path(_django)
