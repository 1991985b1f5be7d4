#!/usr/bin/env bash
# Starts the whole system on this machine — Kafka and the Mongo wire-protocol server (no
# Docker), then the three services — and plays a student's journey (tools/demo/play-journey.ts),
# printing each step. The system keeps running afterwards for your own curl calls (see README);
# Ctrl-C stops everything. DEMO_EXIT=1 stops right after the journey; DEMO_TRACES=1 turns
# OpenTelemetry tracing on and prints the ERP hire's trace.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/node/use-lts.sh

export STACK_DIR="${STACK_DIR:-$PWD/.stack}"
export KAFKA_PORT="${KAFKA_PORT:-9092}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}" MONGO_PORT="${MONGO_PORT:-27017}"
TALENT_PORT="${TALENT_PORT:-3001}" SECONDMENT_PORT="${SECONDMENT_PORT:-3002}" RD_PORT="${RD_PORT:-3003}"
export ADMIN_API_TOKEN="${ADMIN_API_TOKEN:-demo-admin-token-change-me}"
# The demo operator's own key (ADR 0073): the services get only its hash, and once a key is
# configured, operator reads of personal data need one (the shared token keeps the other routes).
export OPERATOR_KEY="${OPERATOR_KEY:-op_demo-operator-key-change-me}"
OPERATOR_KEYS="demo-operator:$(node -e "process.stdout.write(require('crypto').createHash('sha256').update(process.argv[1]).digest('hex'))" "$OPERATOR_KEY")"
SERVICE_LOGS="$STACK_DIR/logs"

say() { echo "[demo] $*"; }

# Re-installs when package-lock.json changed since the last install, builds when a source is newer than dist/.
source tools/node/deps.sh
ensure_deps "[demo]"
ensure_build "[demo]" "the three services"
bash tools/stack/stack.sh start
mkdir -p "$SERVICE_LOGS"

pids=()
cleanup() {
  say "stopping services (SIGTERM: drain, flush outbox, close)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash tools/stack/stack.sh stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# DEMO_TRACES=1: the services trace with OpenTelemetry into a local OTLP/HTTP sink
# (tools/otel/trace-sink.ts; a real collector or Jaeger works the same way), and the ERP hire's
# trace is printed after the student's journey.
OTEL_ENV=()
if [[ "${DEMO_TRACES:-0}" == 1 ]]; then
  OTEL_SINK_PORT="${OTEL_SINK_PORT:-4318}"
  node -r ts-node/register/transpile-only tools/otel/trace-sink.ts "$OTEL_SINK_PORT" >>"$SERVICE_LOGS/trace-sink.log" 2>&1 &
  pids+=($!)
  OTEL_ENV=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$OTEL_SINK_PORT")
  say "tracing on: OTLP/HTTP to the demo's sink on 127.0.0.1:$OTEL_SINK_PORT"
fi

start_service() {
  local name=$1 port=$2; shift 2
  env SERVICE_NAME="$name" PORT="$port" KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" \
    MONGO_URI="mongodb://127.0.0.1:$MONGO_PORT/${name//-/_}" "${OTEL_ENV[@]}" "$@" \
    node "dist/apps/$name/src/main.js" >>"$SERVICE_LOGS/$name.log" 2>&1 &
  pids+=($!)
  say "$name starting on http://127.0.0.1:$port (logs: $SERVICE_LOGS/$name.log)"
}
# Signing secrets are encrypted at rest; the demo keeps its key next to its data so a restarted
# demo can still read the secrets it stored before.
SECRETS_KEY_FILE="$STACK_DIR/secrets-encryption.key"
[[ -s "$SECRETS_KEY_FILE" ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" >"$SECRETS_KEY_FILE")
start_service talent-pipeline "$TALENT_PORT" ADMIN_API_TOKEN="$ADMIN_API_TOKEN" OPERATOR_KEYS="$OPERATOR_KEYS" SECRETS_ENCRYPTION_KEY="$(cat "$SECRETS_KEY_FILE")" WEBHOOK_RETRY_SCHEDULE="${WEBHOOK_RETRY_SCHEDULE:-2s,5s,30s,5m,30m,2h,5h,10h}" WEBHOOK_POLL_MS=250 WEBHOOK_ALLOW_PRIVATE_TARGETS=true OUTBOX_POLL_MS=250
CREDENTIAL_KEY_FILE="$STACK_DIR/credential-keys-encryption.key"
[[ -s "$CREDENTIAL_KEY_FILE" ]] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" >"$CREDENTIAL_KEY_FILE")
start_service teacher-secondment "$SECONDMENT_PORT" ADMIN_API_TOKEN="$ADMIN_API_TOKEN" OPERATOR_KEYS="$OPERATOR_KEYS" OUTBOX_POLL_MS=250 \
  PUBLIC_BASE_URL="http://127.0.0.1:$SECONDMENT_PORT" CREDENTIAL_KEY_ENCRYPTION_KEY="$(cat "$CREDENTIAL_KEY_FILE")"
start_service rd-collaboration "$RD_PORT" ADMIN_API_TOKEN="$ADMIN_API_TOKEN" OPERATOR_KEYS="$OPERATOR_KEYS" OUTBOX_POLL_MS=250

play() { DEMO_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" node -r ts-node/register/transpile-only -r tsconfig-paths/register "tools/demo/$1" "${@:2}"; }
say "1/3 a student's journey: agreement, consent, matching, placement, hire, school webhook and topic, reports"
play play-journey.ts "http://127.0.0.1:$TALENT_PORT" "http://127.0.0.1:$SECONDMENT_PORT" "http://127.0.0.1:$RD_PORT"
if [[ "${DEMO_TRACES:-0}" == 1 ]]; then
  say "the ERP hire as one trace: HTTP request, publish, consume, publish of the outcome, consume, webhook delivery"
  curl -s "http://127.0.0.1:$OTEL_SINK_PORT/print?root=POST%20%2Fv1%2Ferp%2Fevents&until=webhook%20deliver" || true
fi
say "2/3 a teacher's secondment: post, approvals, practice, compliance, Open Badges 3.0 credential verified, lapse and revocation"
play play-secondment.ts "http://127.0.0.1:$TALENT_PORT" "http://127.0.0.1:$SECONDMENT_PORT"
say "3/3 joint R&D: challenge, proposals, review, project, hours credited as practice, a hire the project led to, the scorecard"
play play-rd.ts "http://127.0.0.1:$TALENT_PORT" "http://127.0.0.1:$SECONDMENT_PORT" "http://127.0.0.1:$RD_PORT" "$STACK_DIR/rd-scorecard.html"

if [[ "${DEMO_EXIT:-0}" == 1 ]]; then exit 0; fi
say "the system keeps running: OpenAPI at http://127.0.0.1:$TALENT_PORT/docs (also :$SECONDMENT_PORT/docs, :$RD_PORT/docs)"
say "operator key (demo-operator): $OPERATOR_KEY; shared admin token: $ADMIN_API_TOKEN — press Ctrl-C to stop everything"
wait
