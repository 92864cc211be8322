"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
application = get_asgi_application()

# As in wsgi.py: a missing or stale dictionary index stops the server at start-up.
from broadsheet.lexicon.runtime import open_lexicon  # noqa: E402  (needs Django set up)

open_lexicon()
