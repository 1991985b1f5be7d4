#!/usr/bin/env bash
# npm run bench: builds if needed, starts a local stack of its own (.stack-bench, ports apart from the
# demo's and the tests'), runs tools/bench/bench.ts against it, writes docs/benchmarks.md, and stops the
# stack it started, whatever happens.
#
# Environment (defaults): BENCH_STACK_DIR (.stack-bench), BENCH_KAFKA_PORT (39092),
# BENCH_KAFKA_CONTROLLER_PORT (39093), BENCH_MONGO_PORT (37017), BENCH_OUT (docs/benchmarks.md),
# BENCH_MONGO_HEAP (1g, the stand-in's heap), BENCH_KEEP_DATA=1 keeps the previous run's Kafka/Mongo data (default: every run starts empty),
# plus the BENCH_* sizes read by tools/bench/bench.ts and tools/bench/downstream.ts; BENCH_ONLY=main|downstream.
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"
source tools/node/use-lts.sh

export STACK_DIR="$(realpath -m "${BENCH_STACK_DIR:-$REPO_ROOT/.stack-bench}")"
export KAFKA_PORT="${BENCH_KAFKA_PORT:-39092}"
export KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-39093}"
export MONGO_PORT="${BENCH_MONGO_PORT:-37017}"
# The stand-in keeps indexes in its heap; the sustained downstream run writes ~70,000 hires into one database.
export MONGO_HEAP="${BENCH_MONGO_HEAP:-1g}"
STACK="$REPO_ROOT/tools/stack/stack.sh"

say() { echo "[bench] $*"; }

# ---------------------------------------------------------------- build if dist is missing or stale
ENTRY="dist/apps/talent-pipeline/src/main.js"
if [[ ! -f "$ENTRY" ]] || [[ -n "$(find apps libs tsconfig.json tsconfig.build.json nest-cli.json -newer "$ENTRY" \( -name '*.ts' -o -name '*.json' \) ! -name '*.spec.ts' ! -name '*.int-spec.ts' ! -name '*.e2e-spec.ts' -print -quit 2>/dev/null)" ]]; then
  say "building (dist is missing or older than the sources) ..."
  npm run --silent build
else
  say "dist is up to date"
fi

# ---------------------------------------------------------------- stack (ours only)
STARTED=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if (( STARTED )); then
    say "stopping the bench stack ..."
    bash "$STACK" stop || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$STACK_DIR"
# A stack left in STACK_DIR by an interrupted bench run is ours: stop it, so every run starts alike.
if bash "$STACK" status >/dev/null 2>&1 || [[ -n "$(ls -A "$STACK_DIR/pids" 2>/dev/null)" ]]; then
  say "stopping a bench stack left over in $STACK_DIR"
  bash "$STACK" stop
fi
if [[ "${BENCH_KEEP_DATA:-0}" != 1 ]]; then
  rm -rf "$STACK_DIR/kafka-data" "$STACK_DIR/mongo-data"
fi
STARTED=1
bash "$STACK" start

KAFKA_PID="$(cat "$STACK_DIR/pids/kafka.pid")"
MONGO_PID="$(cat "$STACK_DIR/pids/mongo.pid")"

# ---------------------------------------------------------------- run
# BENCH_ONLY=main or BENCH_ONLY=downstream runs one of the two parts.
export BENCH_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" BENCH_MONGO_URL="mongodb://127.0.0.1:$MONGO_PORT"
export BENCH_KAFKA_PID="$KAFKA_PID" BENCH_MONGO_PID="$MONGO_PID"
run_ts() { node -r ts-node/register/transpile-only -r tsconfig-paths/register "$SCRIPT_DIR/$1"; }
export BENCH_JSON="${BENCH_JSON:-$STACK_DIR/bench-results.json}"
export BENCH_DOWNSTREAM_JSON="${BENCH_DOWNSTREAM_JSON:-$STACK_DIR/downstream-results.json}"
export BENCH_OUT="${BENCH_OUT:-$REPO_ROOT/docs/benchmarks.md}"
# Only this run's results go into the run history.
rm -f "$BENCH_JSON" "$BENCH_DOWNSTREAM_JSON"
if [[ "${BENCH_ONLY:-}" != downstream ]]; then
  BENCH_LOG_DIR="${BENCH_LOG_DIR:-$STACK_DIR/logs}" \
    run_ts bench.ts
fi
if [[ "${BENCH_ONLY:-}" != main ]]; then
  # The talent pipeline beside a stock NestJS peer and raw kafkajs (docs/benchmarks-downstream.md).
  run_ts downstream.ts
fi
# One table per run in docs/benchmarks.md, regressions against the previous run called out.
run_ts history.ts
