# syntax=docker/dockerfile:1
#
# One image definition for all three services; pick one with the build arg SERVICE:
#   docker build --build-arg SERVICE=talent-pipeline -t talent-pipeline .
#
# SERVICE is declared only in the final stage on purpose: the build stages are then
# identical for every service, so BuildKit builds them once and all three images share them.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------- all dependencies (for the build)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Applied by the postinstall (patch-package): kafkajs's 1 ms timer loop, docs/decisions/0063.
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---------------------------------------------------------------- compile
FROM deps AS build
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools/check-build.js ./tools/check-build.js
# The operator CLI (tsconfig.build.json "files"), compiled with the services: `node dist/tools/ops/ops.js`.
COPY tools/ops/ops.ts ./tools/ops/ops.ts
COPY tools/dlt/dlt.ts ./tools/dlt/dlt.ts
# One `nest build` compiles apps/ and libs/ (tsc, outDir ./dist, path aliases rewritten to
# relative requires); tools/check-build.js then fails the build if a service entry is missing.
RUN npm run build

# ---------------------------------------------------------------- production dependencies only
# A fresh `npm ci --omit=dev` rather than `npm prune` in the build stage: this layer depends
# only on the lockfile, so source changes do not re-install dependencies.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts here: patch-package is a dev dependency (the patched kafkajs comes from the
# deps stage below), and the only production packages with scripts do not need them (protobufjs
# checks versions, @scarf/scarf reports analytics).
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=deps /app/node_modules/kafkajs ./node_modules/kafkajs

# ---------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# Fail the build early with a clear message instead of producing an image that cannot start.
RUN test -n "${SERVICE}" || (echo "build arg SERVICE is required (talent-pipeline | teacher-secondment | rd-collaboration)" >&2; exit 1)

# PORT: container port; compose and Kubernetes set it per service. Set here too so the app
# and the HEALTHCHECK below always agree on it.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=3000
WORKDIR /app

COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# Only this service's output plus the shared libs it requires (relative paths into dist/libs).
COPY --from=build /app/dist/apps/${SERVICE} ./dist/apps/${SERVICE}
COPY --from=build /app/dist/libs ./dist/libs
# The operator CLI (docs/operations.md): kubectl exec <pod> -- node dist/tools/ops/ops.js lag
COPY --from=build /app/dist/tools ./dist/tools

# Files stay root-owned (COPY default), so the app user cannot modify them. The app writes
# nothing to disk (logs go to stdout), which lets Kubernetes use readOnlyRootFilesystem.
USER node

EXPOSE 3000

# The app drains on SIGTERM (readiness 503, grace, stop consumer, flush outbox, close).
STOPSIGNAL SIGTERM

# Liveness only: /health/ready also checks Mongo and Kafka, and a dependency outage must not
# make Docker consider the process itself broken. Uses node's built-in fetch (no curl in slim).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# LEAD MUST CONFIRM the entry path dist/apps/<service>/src/main.js. Derived from nest-cli.json
# (entryFile "apps/<service>/src/main") and tsconfig.build.json (apps/ + libs/, outDir ./dist,
# so tsc keeps the source layout); tools/check-build.js asserts the same path during
# `npm run build`, and a local `npm run build` produced it for all three services.
# `exec` replaces the shell so node is PID 1 and receives SIGTERM directly.
# --enable-source-maps: stack traces point at the TypeScript sources (tsconfig emits maps).
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${SERVICE}/src/main.js"]
