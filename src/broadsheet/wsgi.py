"""WSGI entry point for the app server: `tools/app_server.py ... broadsheet.wsgi:application`
(granian; tools/common.app_server_command)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
application = get_wsgi_application()

# Open the dictionary index now: a missing or stale one stops the worker at start-up with
# a message naming `./run manage build_lexicon`, instead of failing the first lookup. Load
# the sense model too: imported by tools/app_server.py before granian forks its workers,
# this leaves one copy of both, shared by every worker.
from broadsheet.lexicon.runtime import load_sense_model, open_lexicon  # noqa: E402

open_lexicon()
load_sense_model()
