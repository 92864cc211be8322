"""The app server: granian with `broadsheet.wsgi` loaded once, in granian's main process.

`python tools/app_server.py GRANIAN-OPTIONS broadsheet.wsgi:application` (built by
`common.app_server_command`). Importing the WSGI module here, before granian forks its
workers, does what gunicorn's `--preload` did: the dictionary index and the sense model are
loaded once and shared by the workers (each worker's own import of the target finds the
module already loaded), a worker that granian starts again after a crash starts at once,
and a missing or stale index stops the whole server at start-up with the message of
`broadsheet.lexicon.runtime` instead of failing in every worker in turn. granian's workers
are forked (multiprocessing's default start method on Linux with Python 3.11).
"""

from __future__ import annotations

import sys

from granian import cli

import broadsheet.wsgi  # noqa: F401  (the preload: Django, the index, the sense model)

if __name__ == "__main__":
    sys.argv[0] = "granian"
    sys.exit(cli.entrypoint())
