#!/usr/bin/env bash
# One-command setup: the system libraries `canvas` builds against (chart rendering), then `npm ci`.
# canvas first tries a prebuilt binary download; where that fails (offline, unusual platform) it
# builds from source against these libraries.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the sandbox page's browser tests (playwright-core drives Debian's Chromium).
# unzip: unpacks helm for the chart's test (scripts/setup-tools.sh).
DEBIAN_PACKAGES=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev fonts-dejavu-core chromium unzip)

missing_packages() {
  local missing=()
  for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=$(missing_packages)
  if [ -n "$missing" ]; then
    echo "setup: installing Debian packages (canvas libraries, fonts, Chromium): $missing"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "setup: need root to install: $missing (run: apt-get install -y $missing)" >&2; exit 1
      fi
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  else
    echo "setup: Debian packages for canvas and the browser tests are present"
  fi
elif ! pkg-config --exists cairo pangocairo 2>/dev/null; then
  cat >&2 <<'MSG'
setup: this is not a Debian/Ubuntu machine and cairo/pango were not found.
Install the libraries canvas needs, then run `npm ci`:
  macOS (Homebrew): brew install pkg-config cairo pango libpng jpeg giflib librsvg
  Fedora/RHEL:      dnf install gcc-c++ cairo-devel pango-devel libjpeg-turbo-devel giflib-devel librsvg2-devel
  Alpine:           apk add build-base cairo-dev pango-dev jpeg-dev giflib-dev librsvg-dev
See https://github.com/Automattic/node-canvas#compiling
MSG
  exit 1
fi

npm ci
# promtool and helm for the operations tests (/metrics, the Helm chart), into .tools/bin.
bash scripts/setup-tools.sh
echo "setup: done. Start the bot with: npm start"
