#!/usr/bin/env bash
# Installs what the tests need and runs all of them: unit, integration (real Kafka + Mongo
# wire-protocol server) and end-to-end (the three services as processes).
#
# The local stack for tests runs on its own ports (Kafka 19092, Mongo 27018) in .stack-test,
# so a running demo (9092/27017) is never touched. Set TEST_INFRA=testcontainers to use
# Docker containers instead (needs a Docker engine); extra arguments go to jest.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/node/use-lts.sh

export STACK_DIR="${TEST_STACK_DIR:-$PWD/.stack-test}"
export KAFKA_PORT="${TEST_KAFKA_PORT:-19092}"
export KAFKA_CONTROLLER_PORT="${TEST_KAFKA_CONTROLLER_PORT:-19093}"
export MONGO_PORT="${TEST_MONGO_PORT:-27018}"
export TEST_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
export TEST_MONGO_URL="mongodb://127.0.0.1:$MONGO_PORT"

# Offline validation of deploy/k8s and deploy/compose (render, strict schema, kube-score,
# compose-go). Its Go tools are built from the Go module proxy on a machine's first run (a few
# minutes on 2 busy cores) and cached in ~/.cache/school-enterprise-tools, each build bounded
# by a timeout; so it runs in the background while dependencies install and the stack starts.
# Its result is printed before jest and decides the exit status together with jest's.
k8s_status=0
k8s_pid=""
if [[ "${SKIP_K8S_VALIDATE:-0}" == 1 ]]; then
  echo "[test] Kubernetes validation: skipped (SKIP_K8S_VALIDATE=1)"
else
  echo "[test] validating the Kubernetes package offline in the background (npm run deploy:validate)"
  k8s_log="$(mktemp -t k8s-validate.XXXXXX.log)"
  INSTALL_TIMEOUT="${K8S_VALIDATE_INSTALL_TIMEOUT:-600}" bash tools/deploy/validate-k8s.sh >"$k8s_log" 2>&1 &
  k8s_pid=$!
  # Not left running if this script stops early (replaced below by stop_stack, which does the same).
  trap 'kill "$k8s_pid" 2>/dev/null || true' EXIT
fi

# Installs and builds only when needed (tools/node/deps.sh), so a demo running from this checkout's
# node_modules/ and dist/ keeps running; a fresh clone (CI) installs and builds as always.
source tools/node/deps.sh
if ! deps_current && demo_running; then
  echo "[test] package-lock.json changed since the last install, but the demo of this checkout is running from node_modules/: stop it (Ctrl-C in its terminal) and run npm test again" >&2
  exit 1
fi
ensure_deps "[test]"
ensure_build "[test]" "the three services (the e2e tests run them from dist/)"

started_stack=no
if [[ "${TEST_INFRA:-local}" != "testcontainers" ]]; then
  if ! bash tools/stack/stack.sh status >/dev/null 2>&1; then
    started_stack=yes
    # The test stack's data is disposable: every suite names its topics and databases afresh, so
    # what earlier runs left is garbage, and after a few dozen runs the broker takes longer than
    # its start timeout to load their thousands of partitions. Started here, it starts empty
    # (KEEP_TEST_DATA=1 keeps it); a stack that is already running is used as it is.
    if [[ "${KEEP_TEST_DATA:-0}" != 1 ]]; then
      bash tools/stack/stack.sh stop >/dev/null 2>&1 || true
      rm -rf "$STACK_DIR/kafka-data" "$STACK_DIR/mongo-data"
    fi
  fi
  bash tools/stack/stack.sh start
fi
stop_stack() {
  if [[ -n "$k8s_pid" ]]; then kill "$k8s_pid" 2>/dev/null || true; fi
  if [[ "$started_stack" == yes && "${KEEP_TEST_STACK:-0}" != 1 ]]; then bash tools/stack/stack.sh stop || true; fi
}
trap stop_stack EXIT

if [[ -n "$k8s_pid" ]]; then
  wait "$k8s_pid" || k8s_status=$?
  k8s_pid=""
  grep -v -e '^ok ' -e '^go: downloading' "$k8s_log" || true
  if [[ $k8s_status == 0 ]]; then echo "[test] Kubernetes validation: PASSED"; else echo "[test] Kubernetes validation: FAILED (exit $k8s_status)"; fi
fi

# Types, lint (eslint) and formatting (prettier) of the whole tree, so none of them drifts between
# sessions unnoticed (ts-jest checks only the files a test loads). Like the Kubernetes validation,
# a failure is reported here and decides the exit status together with jest's; the tests still run.
static_status=0
if [[ "${SKIP_STATIC_CHECKS:-0}" == 1 ]]; then
  echo "[test] static checks: skipped (SKIP_STATIC_CHECKS=1)"
else
  static_log="$(mktemp -t static-check.XXXXXX.log)"
  for check in "npx tsc -p tsconfig.json --noEmit" "npx eslint ." "npm run -s format:check"; do
    if ! $check >"$static_log" 2>&1; then
      static_status=1
      echo "[test] static check failed: $check"
      tail -n 40 "$static_log"
    fi
  done
  rm -f "$static_log"
  if [[ $static_status == 0 ]]; then echo "[test] static checks (tsc, eslint, prettier): PASSED"; else echo "[test] static checks: FAILED"; fi
fi

results="$(mktemp -t jest-results.XXXXXX.json)"
set +e
npx jest --maxWorkers=2 --json --outputFile="$results" "$@"
status=$?
set -e

# CI reads this plain line.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const failedSuites = r.numFailedTestSuites - r.testResults.filter((s) => s.assertionResults.some((a) => a.status === "failed")).length;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + Math.max(failedSuites, 0)} failed`);
' "$results"
if [[ $status == 0 && $k8s_status != 0 ]]; then status=$k8s_status; fi
if [[ $status == 0 && $static_status != 0 ]]; then status=$static_status; fi
exit "$status"
