"""./run demo_login PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI[,REDIRECT_URI...]

The local OpenID Connect provider (tools/oidc-provider: npm's certified `oidc-provider`
8.x, which runs on Debian 12's Node.js 18) in the foreground; Ctrl-C or TERM stops it.
Installs Node.js from Debian when it is missing, and the npm packages from the lock file.
`./run serve` and the browser tests start it.
"""

from __future__ import annotations

import os
import shutil
import sys

from common import ROOT, ensure_debian, ensure_npm

FOLDER = ROOT / "tools" / "oidc-provider"


def main(args: list[str]) -> None:
    if len(args) != 4:
        sys.exit("usage: " + __doc__.strip().splitlines()[0])
    if not shutil.which("node"):
        ensure_debian("nodejs", "npm")
    ensure_npm(FOLDER)
    port, client_id, secret, redirects = args
    os.chdir(FOLDER)
    node = shutil.which("node") or "node"
    # The provider replaces this process, so a signal to it stops the provider itself.
    os.execv(  # noqa: S606 - fixed program and arguments, no shell
        node,
        [
            node,
            "server.mjs",
            "--port",
            port,
            "--client-id",
            client_id,
            "--client-secret",
            secret,
            "--redirect-uri",
            redirects,
        ],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
