#!/usr/bin/env bash
# Offline validation of the Kubernetes package (deploy/k8s): render, strict schema check,
# policy check. `npm run deploy:validate`; also run by tools/test/run-all-tests.sh (CI).
#
# 1. Render every kustomization under deploy/k8s (base, overlays/dev, overlays/prod) with
#    `kubectl kustomize` if kubectl is installed, else `kustomize`, else a kustomize built by
#    `go install sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION` from the Go module proxy.
# 2. Strict schema validation: tools/deploy/k8s-validate (a small Go program, pinned by its
#    go.mod/go.sum) decodes each rendered object into the typed structs of k8s.io/api with
#    apimachinery's strict decoder — unknown fields, duplicate fields and wrong types fail,
#    as with the API server's strict field validation. Chosen over kubeconform because
#    kubeconform needs JSON schemas downloaded from GitHub, which this environment cannot
#    reach; the Go types come from the Go module proxy like any module. ServiceMonitor is
#    checked against the prometheus-operator Go types, KEDA's ScaledObject and
#    TriggerAuthentication against github.com/kedacore/keda/v2/apis/keda/v1alpha1 (see main.go).
# 3. Policy: kube-score (go install github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION)
#    must report no CRITICAL finding. A check that does not fit this service is switched off
#    per object with a `kube-score/ignore` annotation and a comment saying why, in the manifest.
#
# 4. The Compose file (deploy/compose/compose.yaml, with .env.example for its required
#    variables) is loaded by tools/deploy/compose-validate (compose-go, the library of Docker
#    Compose: the Compose spec's JSON schema, interpolation, references) — `docker compose
#    config -q` without Docker.
# 5. The Dockerfile is parsed and linted by tools/deploy/dockerfile-lint (BuildKit's parser
#    and instruction lint rules, as `docker build --check`), no warning allowed.
#
# Tools are cached in $TOOLS_DIR (default ~/.cache/school-enterprise-tools); every download or
# build is bounded by `timeout`, so an unreachable registry fails the step instead of hanging.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/school-enterprise-tools}"
KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.5.0}"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
# A cold build of the validator (k8s and KEDA API types) takes 6-10 minutes on 2 busy cores; it runs once per go.mod/main.go change.
INSTALL_TIMEOUT="${INSTALL_TIMEOUT:-1500}"
mkdir -p "$TOOLS_DIR/bin"

log() { echo "[k8s-validate] $*"; }
need_go() {
  command -v go >/dev/null || { log "FAIL: go is needed to build the validator (none on PATH)"; exit 1; }
}

# --- tools -----------------------------------------------------------------------------------
if command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1; then
  render() { kubectl kustomize "$1"; }
  log "renderer: kubectl kustomize ($(kubectl version --client 2>/dev/null | grep -i kustomize || echo built-in))"
elif command -v kustomize >/dev/null; then
  render() { kustomize build "$1"; }
  log "renderer: kustomize $(kustomize version 2>/dev/null)"
else
  if [[ ! -x "$TOOLS_DIR/bin/kustomize-$KUSTOMIZE_VERSION" ]]; then
    need_go
    log "installing kustomize $KUSTOMIZE_VERSION (Go module proxy)"
    tmp="$(mktemp -d)"
    GOBIN="$tmp" timeout "$INSTALL_TIMEOUT" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
    mv "$tmp/kustomize" "$TOOLS_DIR/bin/kustomize-$KUSTOMIZE_VERSION"
  fi
  render() { "$TOOLS_DIR/bin/kustomize-$KUSTOMIZE_VERSION" build "$1"; }
  log "renderer: kustomize $KUSTOMIZE_VERSION"
fi

# The validator is rebuilt when its source or pinned dependencies change.
src_hash="$(cat tools/deploy/k8s-validate/go.mod tools/deploy/k8s-validate/go.sum tools/deploy/k8s-validate/main.go | sha256sum | cut -c1-16)"
validator="$TOOLS_DIR/bin/k8s-validate-$src_hash"
if [[ ! -x "$validator" ]]; then
  need_go
  log "building the strict validator (k8s.io/api, Go module proxy)"
  (cd tools/deploy/k8s-validate && timeout "$INSTALL_TIMEOUT" go build -o "$validator.tmp" . && mv "$validator.tmp" "$validator")
fi

compose_hash="$(cat tools/deploy/compose-validate/go.mod tools/deploy/compose-validate/go.sum tools/deploy/compose-validate/main.go | sha256sum | cut -c1-16)"
compose_validator="$TOOLS_DIR/bin/compose-validate-$compose_hash"
if [[ ! -x "$compose_validator" ]]; then
  need_go
  log "building the Compose validator (compose-go, Go module proxy)"
  (cd tools/deploy/compose-validate && timeout "$INSTALL_TIMEOUT" go build -o "$compose_validator.tmp" . && mv "$compose_validator.tmp" "$compose_validator")
fi

lint_hash="$(cat tools/deploy/dockerfile-lint/go.mod tools/deploy/dockerfile-lint/go.sum tools/deploy/dockerfile-lint/main.go | sha256sum | cut -c1-16)"
dockerfile_lint="$TOOLS_DIR/bin/dockerfile-lint-$lint_hash"
if [[ ! -x "$dockerfile_lint" ]]; then
  need_go
  log "building the Dockerfile linter (BuildKit, Go module proxy)"
  (cd tools/deploy/dockerfile-lint && timeout "$INSTALL_TIMEOUT" go build -o "$dockerfile_lint.tmp" . && mv "$dockerfile_lint.tmp" "$dockerfile_lint")
fi

kube_score="$TOOLS_DIR/bin/kube-score-$KUBE_SCORE_VERSION"
if [[ ! -x "$kube_score" ]]; then
  need_go
  log "installing kube-score $KUBE_SCORE_VERSION (Go module proxy)"
  tmp="$(mktemp -d)"
  GOBIN="$tmp" timeout "$INSTALL_TIMEOUT" go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
  mv "$tmp/kube-score" "$kube_score"
fi

# --- checks ----------------------------------------------------------------------------------
targets=()
for dir in deploy/k8s/base deploy/k8s/overlays/*/ deploy/k8s; do
  dir="${dir%/}"
  [[ -f "$dir/kustomization.yaml" ]] && targets+=("$dir")
done
[[ ${#targets[@]} -gt 0 ]] || { log "FAIL: no kustomization found under deploy/k8s"; exit 1; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
failed=0
for dir in "${targets[@]}"; do
  name="${dir//\//_}"
  log "== $dir"
  if ! render "$dir" >"$out/$name.yaml" 2>"$out/$name.err"; then
    log "FAIL: render $dir"; cat "$out/$name.err"; failed=1; continue
  fi
  if ! "$validator" <"$out/$name.yaml"; then failed=1; fi
  # ci output: one line per check; only problems are printed, then a summary.
  "$kube_score" score --output-format ci "$out/$name.yaml" >"$out/$name.score" || true
  grep -E '^\[(CRITICAL|WARNING)\]' "$out/$name.score" || true
  critical="$(grep -c '^\[CRITICAL\]' "$out/$name.score" || true)"
  warning="$(grep -c '^\[WARNING\]' "$out/$name.score" || true)"
  ok="$(grep -c '^\[OK\]' "$out/$name.score" || true)"
  log "kube-score $dir: $ok ok, $warning warnings, $critical critical"
  [[ "$critical" == 0 ]] || failed=1
done

# The examples an operator adapts (not part of any kustomization) must be valid too.
log "== examples: deploy/k8s/*.example.yaml"
for example in deploy/k8s/*.example.yaml; do
  if ! "$validator" <"$example"; then failed=1; fi
done

log "== compose: deploy/compose/compose.yaml"
if ! "$compose_validator" -env-file deploy/compose/.env.example deploy/compose/compose.yaml; then failed=1; fi

log "== Dockerfile"
if ! "$dockerfile_lint" Dockerfile; then failed=1; fi

if [[ $failed == 0 ]]; then
  log "PASSED: ${#targets[@]} kustomization(s) rendered, strictly valid, no critical kube-score finding; compose file valid; Dockerfile lint clean"
else
  log "FAILED"
fi
exit $failed
