#!/usr/bin/env bash
# Builds (or finds) the peer federation controllers the benchmark compares kubefed with,
# and prints the directory holding one peer's binaries.
#
#   scripts/peer-binaries.sh kubefed-v2|karmada            build into the cache if missing, print the directory
#   scripts/peer-binaries.sh kubefed-v2|karmada --locate   print the directory only if the binaries are there
#
# Sources: the cache ($KUBEFED_BIN_CACHE, default ~/.cache/kubefed/bin, keyed by the peer's
# version and the Go version), else a build from the Go module proxy through the wrapper
# modules lab/go/kubefed-v2 and lab/go/karmada (go.mod/go.sum only; no peer source is
# committed). Builds run under `nice -n 19`: the machine is shared. The peers' YAML
# (CRDs, webhook configuration) comes from the same module zips and is copied beside the binaries.
set -euo pipefail

KUBEFED_V2_VERSION=v0.10.0
# The newest Karmada release the Go module proxy serves here (v1.18.3 and v1.19.x answer 403).
KARMADA_VERSION=v1.18.2

root=$(cd "$(dirname "$0")/.." && pwd)
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || { echo "peer-binaries: go not found (install Go 1.26)" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

log() { echo "peer-binaries: $*" >&2; }

peer=${1:-}
case "$peer" in
  kubefed-v2)
    version=$KUBEFED_V2_VERSION module=sigs.k8s.io/kubefed
    binaries=(controller-manager)
    packages=(sigs.k8s.io/kubefed/cmd/controller-manager)
    ldflags="-s -w -X sigs.k8s.io/kubefed/pkg/version.version=$version"
    tags=""
    # CRDs and FederatedTypeConfigs ship in the chart inside the module zip.
    assets=(charts/kubefed/charts/controllermanager/crds/crds.yaml:core-crds.yaml
      charts/kubefed/crds/crds.yaml:federated-crds.yaml
      charts/kubefed/templates/federatedtypeconfig.yaml:federatedtypeconfigs.yaml)
    ;;
  karmada)
    version=$KARMADA_VERSION module=github.com/karmada-io/karmada
    binaries=(aggregated-apiserver controller-manager scheduler webhook)
    packages=("${binaries[@]/#/github.com/karmada-io/karmada/cmd/}")
    ldflags="-s -w -X github.com/karmada-io/karmada/pkg/version.gitVersion=$version"
    # v1.18.x: K8s 0.35 dropped ProtoMessage() from core types that the estimator protobuf embeds (karmada#7573).
    tags=kubernetes_protomessage_one_more_release
    assets=(charts/karmada/_crds/bases:crds artifacts/deploy/webhook-configuration.yaml:webhook-configuration.yaml)
    ;;
  *)
    echo "usage: $0 kubefed-v2|karmada [--locate]" >&2
    exit 2
    ;;
esac

wrapper=$root/lab/go/$peer
grep -q "^require $module $version\$\|^[[:space:]]$module $version\$" "$wrapper/go.mod" ||
  { log "lab/go/$peer/go.mod does not pin $module $version"; exit 1; }

cache_root=${KUBEFED_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubefed/bin}
cache=$cache_root/$peer-$version.$(go env GOVERSION)

complete() {
  local binary
  for binary in "${binaries[@]}"; do [ -x "$cache/$binary" ] || return 1; done
  [ -f "$cache/assets.done" ]
}

if ! complete; then
  if [ "${2:-}" = "--locate" ]; then
    log "missing $peer $version in $cache: run scripts/peer-binaries.sh $peer to build it"
    exit 1
  fi
  log "building $peer $version into $cache (nice -n 19; Karmada takes 15-40 minutes cold on 2 cores)"
  staging=$cache.partial
  mkdir -p "$staging"
  start=$(date +%s)
  (cd "$wrapper" && nice -n 19 go build -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" -o "$staging/" "${packages[@]}")
  source_dir=$(cd "$wrapper" && go list -m -f '{{.Dir}}' "$module")
  for asset in "${assets[@]}"; do
    rm -rf "${staging:?}/${asset#*:}"
    cp -R "$source_dir/${asset%%:*}" "$staging/${asset#*:}"
    chmod -R u+w "$staging/${asset#*:}"
  done
  mkdir -p "$cache"
  for binary in "${binaries[@]}"; do mv -f "$staging/$binary" "$cache/$binary"; done
  for asset in "${assets[@]}"; do rm -rf "${cache:?}/${asset#*:}"; mv "$staging/${asset#*:}" "$cache/"; done
  touch "$cache/assets.done"
  rm -rf "$staging"
  log "built $peer in $(($(date +%s) - start))s"
fi
echo "$cache"
