# Sourced by tools/test/run-all-tests.sh and tools/demo/run-demo.sh (after use-lts.sh, from the
# repository root): install and build only when needed, so `npm test` in a checkout where the demo
# runs from the same node_modules/ and dist/ touches neither, and the demo re-installs when
# package-lock.json changed since the last install. A fresh clone has no stamps: it installs and
# builds, exactly as before.
#   node_modules/.package-lock.stamp  sha256 of package-lock.json and patches/ + Node major of the last `npm ci`
#   dist/.build-stamp                 touched after the last successful `npm run build`

DEPS_STAMP=node_modules/.package-lock.stamp
BUILD_STAMP=dist/.build-stamp

# The patches/ that `npm ci`'s postinstall applies (patch-package) are part of what was installed.
deps_digest() { echo "$(cat package-lock.json patches/*.patch 2>/dev/null | sha256sum | cut -d' ' -f1) node$(node -p 'process.versions.node.split(".")[0]')"; }

deps_current() { [[ -f "$DEPS_STAMP" && "$(cat "$DEPS_STAMP")" == "$(deps_digest)" ]]; }

# A demo (tools/demo/run-demo.sh) of this checkout whose stack is up: its pid files name live processes.
demo_running() {
  local f
  for f in .stack/pids/*.pid; do
    [[ -f "$f" ]] && kill -0 "$(cat "$f" 2>/dev/null)" 2>/dev/null && return 0
  done
  return 1
}

# ensure_deps <log prefix>: `npm ci` unless node_modules was installed from this package-lock.json.
ensure_deps() {
  if deps_current; then
    echo "$1 dependencies match package-lock.json (no npm ci)"
    return 0
  fi
  echo "$1 installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  deps_digest >"$DEPS_STAMP"
}

# dist/ is missing, or a source, config or the lockfile changed after the last successful build.
build_stale() {
  [[ ! -f "$BUILD_STAMP" ]] && return 0
  [[ -n "$(find apps libs tools/ops tools/dlt tsconfig.json tsconfig.build.json nest-cli.json package-lock.json -newer "$BUILD_STAMP" \
    \( -name '*.ts' -o -name '*.json' \) ! -name '*.spec.ts' ! -name '*.int-spec.ts' ! -name '*.e2e-spec.ts' -print -quit 2>/dev/null)" ]]
}

# ensure_build <log prefix> <what>: `npm run build` unless dist/ is newer than the sources.
ensure_build() {
  if ! build_stale; then
    echo "$1 dist/ is newer than the sources (no build)"
    return 0
  fi
  echo "$1 building $2"
  npm run build --silent
  touch "$BUILD_STAMP"
}
