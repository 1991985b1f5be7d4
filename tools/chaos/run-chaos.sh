#!/usr/bin/env bash
# npm run chaos: builds if dist is stale, makes sure the stack's Kafka and Mongo jars are cached
# (the scenario runs a broker and a database of its own), then runs tools/chaos/chaos.ts.
set -Eeuo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
source tools/node/use-lts.sh
ENTRY="dist/apps/talent-pipeline/src/main.js"
if [[ ! -f "$ENTRY" ]] || [[ -n "$(find apps libs -newer "$ENTRY" -name '*.ts' ! -name '*spec.ts' -print -quit)" ]]; then
  npm run --silent build
fi
bash tools/stack/stack.sh fetch
exec npx ts-node -r tsconfig-paths/register --transpile-only tools/chaos/chaos.ts
