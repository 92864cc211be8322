#!/usr/bin/env bash
# Start the local OpenID Connect provider in the foreground (Ctrl-C or SIGTERM stops it).
#   tools/oidc-provider/start.sh PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI[,REDIRECT_URI...]
# Installs Node.js from Debian when it is missing and the npm packages (npm ci) when
# package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")"
if [ $# -ne 4 ]; then
  echo "usage: $0 PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI[,REDIRECT_URI...]" >&2
  exit 2
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "==> installing Debian packages: nodejs npm" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
stamp=node_modules/.package-lock.sha256
want=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -d node_modules/oidc-provider ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing the OpenID Connect provider (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$want" > "$stamp"
fi
exec node server.mjs --port "$1" --client-id "$2" --client-secret "$3" --redirect-uri "$4"
