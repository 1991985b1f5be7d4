#!/usr/bin/env bash
# npm run bench: builds if needed, starts a local stack of its own (.stack-bench, ports apart from the
# demo's and the tests'), runs three parts against it: the talent pipeline (tools/bench/bench.ts), its
# downstream path beside a stock NestJS peer (downstream.ts), and the two other services (compliance-bench.ts,
# scorecard-bench.ts: docs/benchmarks-services.md); writes docs/benchmarks.md with the run history, and
# stops the stack it started, whatever happens.
#
# Environment (defaults): BENCH_STACK_DIR (.stack-bench), BENCH_KAFKA_PORT (39092),
# BENCH_KAFKA_CONTROLLER_PORT (39093), BENCH_MONGO_PORT (37017), BENCH_OUT (docs/benchmarks.md),
# BENCH_MONGO_HEAP (1g, the stand-in's heap), BENCH_DOWNSTREAM_MONGO_HEAP (3g, its heap for the downstream part), BENCH_KEEP_DATA=1 keeps the previous run's Kafka/Mongo data (default: every run starts empty),
# plus the BENCH_* sizes read by tools/bench/bench.ts and tools/bench/downstream.ts; BENCH_STORED_TEACHERS
# (1000) and BENCH_ISSUE (100) for the services part; BENCH_ONLY=main|downstream|services runs one part.
#
# Against a real MongoDB instead of the stand-in (issue 11): BENCH_MONGO_URL=mongodb://… (any server the
# machine reaches; the bench works in databases of its own, bench_*, and drops them; BENCH_MONGO_PID adds
# its CPU when it runs on this machine), or BENCH_MONGO=testcontainers (a MongoDB container, where a Docker
# engine runs). Kafka is still the bench's own; the report and the run history name the server.
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"
source tools/node/use-lts.sh

export STACK_DIR="$(realpath -m "${BENCH_STACK_DIR:-$REPO_ROOT/.stack-bench}")"
export KAFKA_PORT="${BENCH_KAFKA_PORT:-39092}"
export KAFKA_CONTROLLER_PORT="${BENCH_KAFKA_CONTROLLER_PORT:-39093}"
export MONGO_PORT="${BENCH_MONGO_PORT:-37017}"
# The stand-in's heap for the main and services parts. The downstream part's sustained runs write
# 70,000-90,000 hires (four documents each) into one database: at 1 GB the stand-in spent a third
# of those runs paused in garbage collection, so that part runs it with its own (ADR 0068).
export MONGO_HEAP="${BENCH_MONGO_HEAP:-1g}"
DOWNSTREAM_MONGO_HEAP="${BENCH_DOWNSTREAM_MONGO_HEAP:-3g}"
STACK="$REPO_ROOT/tools/stack/stack.sh"

say() { echo "[bench] $*"; }
run_ts() { node -r ts-node/register/transpile-only -r tsconfig-paths/register "$SCRIPT_DIR/$1" "${@:2}"; }

# ---------------------------------------------------------------- build if dist is missing or stale
ENTRY="dist/apps/talent-pipeline/src/main.js"
if [[ ! -f "$ENTRY" ]] || [[ -n "$(find apps libs tsconfig.json tsconfig.build.json nest-cli.json -newer "$ENTRY" \( -name '*.ts' -o -name '*.json' \) ! -name '*.spec.ts' ! -name '*.int-spec.ts' ! -name '*.e2e-spec.ts' -print -quit 2>/dev/null)" ]]; then
  say "building (dist is missing or older than the sources) ..."
  npm run --silent build
else
  say "dist is up to date"
fi

# ---------------------------------------------------------------- stack (ours only)
# A MongoDB given to the bench (BENCH_MONGO_URL) or started for it (BENCH_MONGO=testcontainers):
# then only Kafka is ours.
GIVEN_MONGO_URL="${BENCH_MONGO_URL:-}"
CONTAINER_PID=""
if [[ -n "$GIVEN_MONGO_URL" && "${BENCH_MONGO:-}" == testcontainers ]]; then
  say "BENCH_MONGO_URL and BENCH_MONGO=testcontainers both set: choose one" >&2
  exit 2
fi
STARTED=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$CONTAINER_PID" ]]; then
    say "stopping the MongoDB container ..."
    kill -TERM "$CONTAINER_PID" 2>/dev/null || true
    wait "$CONTAINER_PID" 2>/dev/null || true
  fi
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
if [[ "${BENCH_MONGO:-}" == testcontainers ]]; then
  URL_FILE="$STACK_DIR/mongo-container.url"
  rm -f "$URL_FILE"
  # exec: $! is node itself, which stops the container on SIGTERM
  (exec node -r ts-node/register/transpile-only -r tsconfig-paths/register "$SCRIPT_DIR/mongo-container.ts" "$URL_FILE") &
  CONTAINER_PID=$!
  for _ in $(seq 1 300); do
    [[ -s "$URL_FILE" ]] && break
    kill -0 "$CONTAINER_PID" 2>/dev/null || { say "the MongoDB container did not start" >&2; exit 1; }
    sleep 1
  done
  [[ -s "$URL_FILE" ]] || { say "the MongoDB container did not start within 300 s" >&2; exit 1; }
  GIVEN_MONGO_URL="$(cat "$URL_FILE")"
fi
if [[ -n "$GIVEN_MONGO_URL" ]]; then
  bash "$STACK" start kafka
  MONGO_URL_FOR_BENCH="$GIVEN_MONGO_URL"
  MONGO_PID="${BENCH_MONGO_PID:-}"
  export BENCH_MONGO_GIVEN=1
  say "database server given to the bench: $(sed -E 's#(://)[^@/]*@#\1#' <<<"$GIVEN_MONGO_URL")"
else
  bash "$STACK" start
  MONGO_URL_FOR_BENCH="mongodb://127.0.0.1:$MONGO_PORT"
  MONGO_PID="$(cat "$STACK_DIR/pids/mongo.pid")"
fi

KAFKA_PID="$(cat "$STACK_DIR/pids/kafka.pid")"

# ---------------------------------------------------------------- run
# BENCH_ONLY=main, downstream or services runs one of the three parts.
export BENCH_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" BENCH_MONGO_URL="$MONGO_URL_FOR_BENCH"
export BENCH_KAFKA_PID="$KAFKA_PID" BENCH_MONGO_PID="$MONGO_PID"
export BENCH_JSON="${BENCH_JSON:-$STACK_DIR/bench-results.json}"
export BENCH_DOWNSTREAM_JSON="${BENCH_DOWNSTREAM_JSON:-$STACK_DIR/downstream-results.json}"
export BENCH_OUT="${BENCH_OUT:-$REPO_ROOT/docs/benchmarks.md}"
export BENCH_SERVICES_JSON="${BENCH_SERVICES_JSON:-$STACK_DIR/services-results.json}"
# Only this run's results go into the run history and the services page.
rm -f "$BENCH_JSON" "$BENCH_DOWNSTREAM_JSON" "$BENCH_SERVICES_JSON" "$STACK_DIR/compliance-bench.md" "$STACK_DIR/scorecard-bench.md"
part() { [[ -z "${BENCH_ONLY:-}" || "$BENCH_ONLY" == "$1" ]]; }
# Restarts the bench's own stand-in with another heap (its data kept); nothing to do on a given server.
mongo_heap() {
  [[ -z "$GIVEN_MONGO_URL" && "$1" != "$MONGO_HEAP" ]] || return 0
  say "restarting the stand-in with a $1 heap"
  export MONGO_HEAP="$1"
  bash "$STACK" restart-mongo
  export BENCH_MONGO_PID="$(cat "$STACK_DIR/pids/mongo.pid")"
}
MAIN_MONGO_HEAP="$MONGO_HEAP"
if part main; then
  BENCH_LOG_DIR="${BENCH_LOG_DIR:-$STACK_DIR/logs}" \
    run_ts bench.ts
fi
if part downstream; then
  # The talent pipeline beside a stock NestJS peer and raw kafkajs (docs/benchmarks-downstream.md).
  mongo_heap "$DOWNSTREAM_MONGO_HEAP"
  run_ts downstream.ts
fi
if part services; then
  mongo_heap "$MAIN_MONGO_HEAP"
  # The teacher secondment and R&D services, each as its own process as deployed, with its peak RSS (ADR 0056).
  # Their scripts take the test suites' variables; the stored data is sized for the bench stack's stand-in.
  (
    export TEST_KAFKA_BROKERS="$BENCH_KAFKA_BROKERS" TEST_MONGO_URL="$BENCH_MONGO_URL" BENCH_SHARED_MONGO=1
    BENCH_STORED_TEACHERS="${BENCH_STORED_TEACHERS:-1000}" BENCH_ISSUE="${BENCH_ISSUE:-100}" \
      BENCH_OUT="$STACK_DIR/compliance-bench.md" run_ts compliance-bench.ts
    BENCH_OUT="$STACK_DIR/scorecard-bench.md" run_ts scorecard-bench.ts
  )
  run_ts services-page.ts "$STACK_DIR/compliance-bench.md" "$STACK_DIR/scorecard-bench.md"
fi
# One table per run in docs/benchmarks.md, regressions against the previous run called out.
run_ts history.ts
