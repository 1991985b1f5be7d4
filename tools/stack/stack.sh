#!/usr/bin/env bash
# Local infrastructure stack without Docker: a single-node KRaft Kafka broker and a
# MongoDB-wire-compatible server (mongo-java-server + H2 MVStore, data on disk).
#
# Usage: tools/stack/stack.sh <command> [service]
#   start [kafka|mongo]      start (all or one service); does nothing for a service already up
#   stop [kafka|mongo]       SIGTERM the process tree, SIGKILL after STACK_STOP_TIMEOUT; idempotent
#   status                   one line per server: pid, port, up/down (exit 0 only if all up)
#   restart-mongo [--hard]   stop + start mongo (--hard: SIGKILL, i.e. simulate a crash)
#   restart-kafka [--hard]   stop + start kafka (--hard: SIGKILL, i.e. simulate a crash)
#   fetch                    only download the jars and compile the mongo main into the cache
#
# Environment (defaults):
#   STACK_DIR              <repo>/.stack                         data, logs, pids, generated config
#   STACK_CACHE_DIR        $HOME/.cache/school-enterprise-stack  jars + compiled classes (shared)
#   KAFKA_PORT             9092
#   KAFKA_CONTROLLER_PORT  9093
#   MONGO_PORT             27017
#   STACK_START_TIMEOUT    60   seconds to wait for each server to answer
#   STACK_STOP_TIMEOUT     30   seconds to wait after SIGTERM before SIGKILL
#   KAFKA_HEAP / MONGO_HEAP  512m
#   KAFKA_JVM_OPTS / MONGO_JVM_OPTS  extra JVM options (word-split), empty by default
#   STACK_CDS              1    0 disables the Kafka class-data-sharing archive (faster JVM start;
#                               recorded in STACK_CACHE_DIR at the first graceful kafka stop)
#   KAFKA_SASL_PORT        unset  adds a SASL_PLAINTEXT listener (mechanism PLAIN) on this port, with the
#                               StandardAuthorizer: clients there are authorized by ACLs (the PLAINTEXT
#                               listener stays the broker's own, its ANONYMOUS principal a super user)
#   KAFKA_SASL_USERS       unset  with KAFKA_SASL_PORT: user=password pairs, comma-separated; the first is a super user
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

STACK_DIR="${STACK_DIR:-$REPO_ROOT/.stack}"
STACK_CACHE_DIR="${STACK_CACHE_DIR:-$HOME/.cache/school-enterprise-stack}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
STACK_START_TIMEOUT="${STACK_START_TIMEOUT:-60}"
STACK_STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-30}"
STACK_CDS="${STACK_CDS:-1}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"
MONGO_HEAP="${MONGO_HEAP:-512m}"
HOST=127.0.0.1

STACK_DIR="$(realpath -m "$STACK_DIR")"
LOG_DIR="$STACK_DIR/logs"
PID_DIR="$STACK_DIR/pids"
KAFKA_DATA="$STACK_DIR/kafka-data"
MONGO_DATA="$STACK_DIR/mongo-data"
KAFKA_LIB="$STACK_CACHE_DIR/kafka-lib"
MONGO_LIB="$STACK_CACHE_DIR/mongo-lib"
MONGO_CLASSES="$STACK_CACHE_DIR/mongo-classes"

say() { echo "[stack] $*"; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites

require_java() {
  command -v java >/dev/null 2>&1 || die "java not found on PATH (need a Java 17+ runtime, e.g. apt-get install openjdk-17-jdk-headless)"
  local line major
  line="$(java -version 2>&1 | head -n1)"
  major="$(sed -E 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/' <<<"$line")"
  set -- $major
  if [[ "${1:-}" == 1 ]]; then major="${2:-0}"; else major="${1:-0}"; fi
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot parse the Java version from: $line"
  (( major >= 17 )) || die "Java $major found ($line) but Java 17 or newer is required"
}

require_node() {
  command -v node >/dev/null 2>&1 || die "node not found on PATH (needed for the readiness checks)"
  [[ -d "$REPO_ROOT/node_modules/kafkajs" && -d "$REPO_ROOT/node_modules/mongodb" ]] ||
    die "kafkajs / mongodb not found in $REPO_ROOT/node_modules (run npm ci first)"
}

# ---------------------------------------------------------------- cache (jars + compiled main)

hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# lib_complete <dir> <stamp>: the marker is written only after a successful copy
lib_complete() { [[ -f "$1/.complete" && "$(cat "$1/.complete")" == "$2" ]]; }

fetch_lib() { # <pom dir> <target lib dir>
  local pomdir="$1" target="$2" stamp tmp
  stamp="$(hash_of "$pomdir/pom.xml")"
  lib_complete "$target" "$stamp" && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found on PATH and $target is not cached yet (apt-get install maven, or fill STACK_CACHE_DIR)"
  say "downloading $(basename "$target") with maven (first run only) ..."
  tmp="$target.tmp.$$"
  rm -rf "$tmp"
  if ! (cd "$pomdir" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$tmp") >"$STACK_CACHE_DIR/mvn-$(basename "$target").log" 2>&1; then
    tail -n 30 "$STACK_CACHE_DIR/mvn-$(basename "$target").log" >&2 || true
    rm -rf "$tmp"
    die "maven could not fetch the $(basename "$target") dependencies (log: $STACK_CACHE_DIR/mvn-$(basename "$target").log)"
  fi
  rm -rf "$target"
  mv "$tmp" "$target"
  echo "$stamp" >"$target/.complete"
}

compile_mongo_main() {
  local src="$SCRIPT_DIR/mongo/src/MongoServerMain.java" stamp tmp
  stamp="$(hash_of "$src" "$MONGO_LIB/.complete")"
  lib_complete "$MONGO_CLASSES" "$stamp" && return 0
  command -v javac >/dev/null 2>&1 || die "javac not found on PATH (need a Java 17+ JDK to compile $src once)"
  say "compiling MongoServerMain ..."
  tmp="$MONGO_CLASSES.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  javac -nowarn -d "$tmp" -cp "$MONGO_LIB/*" "$src" || { rm -rf "$tmp"; die "javac failed for $src"; }
  rm -rf "$MONGO_CLASSES"
  mv "$tmp" "$MONGO_CLASSES"
  echo "$stamp" >"$MONGO_CLASSES/.complete"
}

ensure_cache() { # [kafka|mongo|all]
  local which="${1:-all}"
  mkdir -p "$STACK_CACHE_DIR"
  # several stacks may share the cache: serialize the fill
  exec 8>"$STACK_CACHE_DIR/.lock"
  flock -w 600 8 || die "timed out waiting for the cache lock $STACK_CACHE_DIR/.lock"
  if [[ "$which" == all || "$which" == kafka ]]; then fetch_lib "$SCRIPT_DIR/kafka" "$KAFKA_LIB"; fi
  if [[ "$which" == all || "$which" == mongo ]]; then
    fetch_lib "$SCRIPT_DIR/mongo" "$MONGO_LIB"
    compile_mongo_main
  fi
  flock -u 8
  exec 8>&-
}

# ---------------------------------------------------------------- process helpers

pid_file() { echo "$PID_DIR/$1.pid"; }
port_of() { case "$1" in kafka) echo "$KAFKA_PORT" ;; mongo) echo "$MONGO_PORT" ;; esac; }
log_of() { echo "$LOG_DIR/$1.log"; }

# pid_alive <pid>: exists and is not a zombie (an unreaped orphan must not block stop forever)
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local state=""
  [[ -r "/proc/$1/stat" ]] && state="$(sed -E 's/^.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null)"
  [[ "$state" != Z ]]
}

# read_pid <svc>: the recorded pid, or nothing if that process is gone or is not ours any more
# (pid reuse): our servers carry a path inside STACK_DIR on their command line.
read_pid() {
  local f pid; f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if pid_alive "$pid" && [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$STACK_DIR/"; then
    return 0
  fi
  echo "$pid"
}

# port_answers <port>: something accepts TCP connections on 127.0.0.1:<port>
port_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null; }

# port_busy <port>: bound/listening by anyone (covers wildcard binds too)
port_busy() {
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]] && return 0
  fi
  port_answers "$1"
}

port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -Htlnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n1 || true
  fi
}

require_port_free() { # <port> <what>
  if port_busy "$1"; then
    local owner; owner="$(port_owner "$1")"
    die "port $1 ($2) is already in use by another process${owner:+ $owner}; stop it or choose another port (KAFKA_PORT / KAFKA_CONTROLLER_PORT / MONGO_PORT)"
  fi
}

ports_of() { case "$1" in kafka) echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT" ;; mongo) echo "$MONGO_PORT" ;; esac; }

# pids listening on <port> whose command line is ours (a path inside STACK_DIR)
our_listeners() {
  command -v ss >/dev/null 2>&1 || return 0
  local p
  for p in $(ss -Htlnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    [[ -r "/proc/$p/cmdline" ]] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF "$STACK_DIR/" && echo "$p"
  done
  return 0
}

wait_ports_free() { # <svc>: until nothing listens on its ports (SIGKILL our own stragglers), or die
  local svc="$1" port waited=0 straggler
  for port in $(ports_of "$svc"); do
    while port_busy "$port"; do
      if (( waited >= STACK_STOP_TIMEOUT * 10 )); then
        die "$svc stopped but port $port is still in use after ${STACK_STOP_TIMEOUT}s $(port_owner "$port")"
      fi
      if (( waited > 0 && waited % 20 == 0 )); then
        for straggler in $(our_listeners "$port"); do signal_tree KILL "$straggler"; done
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  done
  if (( waited > 0 )); then say "$svc ports free after $((waited * 100)) ms"; fi
  return 0
}

is_up() { # <svc>: pid alive and port answering
  local pid; pid="$(read_pid "$1")"
  pid_alive "$pid" && port_answers "$(port_of "$1")"
}

# kill the whole process tree: the server is started with setsid, so its pid is its process group
signal_tree() { # <signal> <pid>
  kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true
}

stop_service() { # <svc> [hard]
  local svc="$1" hard="${2:-}" pid waited=0
  pid="$(read_pid "$svc")"
  if ! pid_alive "$pid"; then
    rm -f "$(pid_file "$svc")"
    say "$svc not running"
    return 0
  fi
  if [[ "$hard" == hard ]]; then
    signal_tree KILL "$pid"
  else
    signal_tree TERM "$pid"
  fi
  while pid_alive "$pid" && (( waited < STACK_STOP_TIMEOUT * 10 )); do sleep 0.1; waited=$((waited + 1)); done
  if pid_alive "$pid"; then
    say "$svc (pid $pid) still alive after ${STACK_STOP_TIMEOUT}s, sending SIGKILL"
    signal_tree KILL "$pid"
    while pid_alive "$pid"; do sleep 0.1; done
  fi
  # stragglers of the process group (none expected)
  kill -KILL -- "-$pid" 2>/dev/null || true
  # The pid can look gone (a zombie leader) while the JVM's other threads still tear down and
  # hold the listening sockets: a start right now would find the port "already in use".
  wait_ports_free "$svc"
  rm -f "$(pid_file "$svc")"
  [[ "$svc" == kafka ]] && kafka_cds_publish
  say "$svc stopped${hard:+ (SIGKILL)} (was pid $pid)"
}

fail_start() { # <svc> <message>
  local log; log="$(log_of "$1")"
  echo "[stack] ERROR: $2" >&2
  echo "[stack] ---- last 40 lines of $log ----" >&2
  tail -n 40 "$log" >&2 2>/dev/null || true
  echo "[stack] ----" >&2
  local pid; pid="$(read_pid "$1")"
  if pid_alive "$pid"; then signal_tree KILL "$pid"; fi
  rm -f "$(pid_file "$1")"
  exit 1
}

wait_ready() { # <svc> <pid> <t0>
  local svc="$1" pid="$2" t0="$3" rc=0 msg
  msg="$(node "$SCRIPT_DIR/ready.js" "$svc" "$(port_of "$svc")" "$STACK_START_TIMEOUT" "$pid" 2>&1)" || rc=$?
  if [[ -n "${STACK_DEBUG:-}" && -n "$msg" ]]; then echo "$msg" >&2; fi
  if (( rc != 0 )); then
    fail_start "$svc" "$svc did not become ready: $msg"
  fi
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  say "$svc up on $HOST:$(port_of "$svc") (pid $pid, ${ms} ms)"
}

# launch <svc> <cmd...>: background, own session/process group, output appended to the log
launch() {
  local svc="$1"; shift
  local log; log="$(log_of "$svc")"
  echo "==== $(date -Is) starting $svc: $*" >>"$log"
  nohup setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$svc")"
}

# ---------------------------------------------------------------- kafka

# SASL/PLAIN users from KAFKA_SASL_USERS (user=password,...) and ACL authorization; the first user
# and the broker's own ANONYMOUS principal (PLAINTEXT and controller listeners) are super users.
kafka_sasl_config() {
  local users="${KAFKA_SASL_USERS:?KAFKA_SASL_USERS must list user=password pairs}" jaas="" pair
  local -a pairs
  IFS=',' read -ra pairs <<<"$users"
  for pair in "${pairs[@]}"; do jaas+=" user_${pair%%=*}=\"${pair#*=}\""; done
  cat <<EOF
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="${pairs[0]%%=*}" password="${pairs[0]#*=}"$jaas;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:ANONYMOUS;User:${pairs[0]%%=*}
allow.everyone.if.no.acl.found=false
EOF
}

kafka_config() {
  mkdir -p "$KAFKA_DATA"
  cat >"$STACK_DIR/kafka-server.properties" <<EOF
# generated by tools/stack/stack.sh - edits are overwritten on every start
node.id=1
process.roles=broker,controller
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT${KAFKA_SASL_PORT:+,SASL_PLAINTEXT://$HOST:$KAFKA_SASL_PORT}
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT${KAFKA_SASL_PORT:+,SASL_PLAINTEXT://$HOST:$KAFKA_SASL_PORT}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$KAFKA_DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# local single node: small internal topics keep the first group join / transaction fast
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
log.retention.hours=24
# how often the broker deletes records past their topic's retention (default 5 min): topics naming
# people get a bounded lifetime (ADR 0074), and a test watches the broker enforce one
log.retention.check.interval.ms=5000
# and how long the log cleaner sleeps when nothing is due (default 15 s), for the same test on compaction
log.cleaner.backoff.ms=2000
# after a hard kill the new broker incarnation is refused (DUPLICATE_BROKER_REGISTRATION) until the old
# session expires: keep that short (default 9 s) so restart-kafka --hard recovers quickly
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=750
log.segment.bytes=67108864
EOF
  if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then kafka_sasl_config >>"$STACK_DIR/kafka-server.properties"; fi
  cat >"$STACK_DIR/kafka-log4j.properties" <<'EOF'
# generated by tools/stack/stack.sh: everything to stdout, which stack.sh appends to logs/kafka.log
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.log=WARN
EOF
}

# Class-data-sharing archive for the kafka JVM (cuts CPU-bound start-up time). It is dumped by a
# kafka JVM when it exits gracefully (into STACK_DIR), then published into the shared cache by stop.
kafka_cds_file() {
  echo "$STACK_CACHE_DIR/kafka-cds-$(cat "$KAFKA_LIB/.complete" 2>/dev/null)-$(java -version 2>&1 | sha256sum | cut -c1-8).jsa"
}
KAFKA_CDS_PENDING_NAME=kafka-cds.jsa.pending

kafka_cds_opts() {
  KAFKA_CDS_OPTS=()
  [[ "$STACK_CDS" == 1 ]] || return 0
  local archive; archive="$(kafka_cds_file)"
  if [[ -s "$archive" ]]; then
    KAFKA_CDS_OPTS=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
  else
    rm -f "$STACK_DIR/$KAFKA_CDS_PENDING_NAME"
    KAFKA_CDS_OPTS=(-XX:ArchiveClassesAtExit="$STACK_DIR/$KAFKA_CDS_PENDING_NAME")
  fi
}

kafka_cds_publish() { # after the kafka JVM exited
  local pending="$STACK_DIR/$KAFKA_CDS_PENDING_NAME" archive tmp
  [[ -f "$pending" ]] || return 0
  archive="$(kafka_cds_file)"
  if [[ -s "$pending" && ! -s "$archive" ]]; then
    tmp="$archive.tmp.$$"
    cp "$pending" "$tmp" 2>/dev/null && mv -f "$tmp" "$archive" 2>/dev/null && say "kafka class-data-sharing archive saved ($archive)"
    rm -f "$tmp"
  fi
  rm -f "$pending"
}

kafka_jvm() { # prints nothing; fills the KAFKA_JVM array
  KAFKA_JVM=(java -Xmx"$KAFKA_HEAP" -Xms128m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true
    -Dlog4j.configuration="file:$STACK_DIR/kafka-log4j.properties"
    -Dkafka.logs.dir="$LOG_DIR"
    ${KAFKA_JVM_OPTS:-}
    -cp "$KAFKA_LIB/*")
}

kafka_format() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return 0
  local id
  id="$(node -e '
    const c = require("crypto");
    let s; do { s = c.randomBytes(16).toString("base64url"); } while (s.startsWith("-"));
    console.log(s);')"
  say "formatting kafka storage (cluster id $id)"
  kafka_jvm
  if ! "${KAFKA_JVM[@]}" kafka.tools.StorageTool format -t "$id" -c "$STACK_DIR/kafka-server.properties" >>"$(log_of kafka)" 2>&1; then
    fail_start kafka "kafka storage format failed"
  fi
}

start_kafka() {
  if is_up kafka; then say "kafka already running on $HOST:$KAFKA_PORT (pid $(read_pid kafka))"; return 0; fi
  local pid; pid="$(read_pid kafka)"
  if pid_alive "$pid"; then
    say "kafka pid $pid alive but not answering yet, waiting ..."
    wait_ready kafka "$pid" "$(date +%s%N)"
    return 0
  fi
  rm -f "$(pid_file kafka)"
  require_port_free "$KAFKA_PORT" "KAFKA_PORT"
  require_port_free "$KAFKA_CONTROLLER_PORT" "KAFKA_CONTROLLER_PORT"
  local t0; t0="$(date +%s%N)"
  kafka_config
  kafka_format
  kafka_jvm
  kafka_cds_opts
  launch kafka "${KAFKA_JVM[@]}" "${KAFKA_CDS_OPTS[@]}" kafka.Kafka "$STACK_DIR/kafka-server.properties"
  wait_ready kafka "$(read_pid kafka)" "$t0"
}

# ---------------------------------------------------------------- mongo

start_mongo() {
  if is_up mongo; then say "mongo already running on $HOST:$MONGO_PORT (pid $(read_pid mongo))"; return 0; fi
  local pid; pid="$(read_pid mongo)"
  if pid_alive "$pid"; then
    say "mongo pid $pid alive but not answering yet, waiting ..."
    wait_ready mongo "$pid" "$(date +%s%N)"
    return 0
  fi
  rm -f "$(pid_file mongo)"
  require_port_free "$MONGO_PORT" "MONGO_PORT"
  local t0; t0="$(date +%s%N)"
  mkdir -p "$MONGO_DATA"
  launch mongo java -Xmx"$MONGO_HEAP" -Xms64m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSS" \
    -Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=warn \
    ${MONGO_JVM_OPTS:-} \
    -cp "$MONGO_LIB/*:$MONGO_CLASSES" MongoServerMain "$MONGO_PORT" "$MONGO_DATA" "$HOST"
  wait_ready mongo "$(read_pid mongo)" "$t0"
}

# ---------------------------------------------------------------- commands

services_of() { # [kafka|mongo|""] -> list
  case "${1:-}" in
    "") echo "mongo kafka" ;;
    kafka | mongo) echo "$1" ;;
    *) die "unknown service '$1' (expected kafka or mongo)" ;;
  esac
}

prepare() { # <services...>
  mkdir -p "$LOG_DIR" "$PID_DIR"
  require_java
  require_node
  local s which=all
  [[ $# -eq 1 ]] && which="$1"
  ensure_cache "$which"
}

cmd_start() {
  local svcs; svcs="$(services_of "${1:-}")"
  # shellcheck disable=SC2086
  prepare $svcs
  local s
  # fail fast on a busy port before starting anything
  for s in $svcs; do
    pid_alive "$(read_pid "$s")" && continue
    case "$s" in
      kafka) require_port_free "$KAFKA_PORT" KAFKA_PORT; require_port_free "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT ;;
      mongo) require_port_free "$MONGO_PORT" MONGO_PORT ;;
    esac
  done
  for s in $svcs; do "start_$s"; done
}

cmd_stop() {
  local svcs s; svcs="$(services_of "${1:-}")"
  mkdir -p "$PID_DIR"
  # kafka first (it is the one that may take a while to shut down)
  for s in kafka mongo; do
    [[ " $svcs " == *" $s "* ]] && stop_service "$s"
  done
  return 0
}

cmd_status() {
  local s pid state all=0
  for s in kafka mongo; do
    pid="$(read_pid "$s")"
    if pid_alive "$pid" && port_answers "$(port_of "$s")"; then state=up
    elif pid_alive "$pid"; then state="starting/not answering"; all=1
    else state=down; all=1; pid="-"; fi
    printf '[stack] %-5s pid %-8s port %-6s %s\n' "$s" "${pid:--}" "$(port_of "$s")" "$state"
  done
  say "dir $STACK_DIR"
  return $all
}

cmd_restart() { # <svc> [--hard]
  local svc="$1" mode="${2:-}"
  case "$mode" in "") ;; --hard) mode=hard ;; *) die "unknown option '$mode' (expected --hard)" ;; esac
  prepare "$svc"
  mkdir -p "$PID_DIR"
  stop_service "$svc" "$mode"
  "start_$svc"
}

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

case "${1:-}" in
  start) cmd_start "${2:-}" ;;
  stop) cmd_stop "${2:-}" ;;
  status) cmd_status ;;
  restart-mongo) cmd_restart mongo "${2:-}" ;;
  restart-kafka) cmd_restart kafka "${2:-}" ;;
  fetch) mkdir -p "$STACK_DIR"; require_java; ensure_cache all; say "cache ready in $STACK_CACHE_DIR" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 64 ;;
esac
