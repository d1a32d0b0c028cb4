#!/usr/bin/env bash
# Builds (or finds) the Kubernetes binaries the lab runs and prints the directory holding them.
#
#   scripts/kube-binaries.sh            build into the cache if missing, print the directory
#   scripts/kube-binaries.sh --locate       print the directory only if everything is already there
#   scripts/kube-binaries.sh --regenerate   rewrite the wrapper modules in lab/go for new versions
#
# Sources, in order: $KUBEBUILDER_ASSETS (for any binary it holds), the cache
# ($KUBEFED_BIN_CACHE, default ~/.cache/kubefed/bin, keyed by every version and
# the Go version), else a build from the Go module proxy through the wrapper
# modules in lab/go. Binaries never go into the repository.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-v1.37.2}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
KWOK_VERSION=${KWOK_VERSION:-v0.8.0}

root=$(cd "$(dirname "$0")/.." && pwd)
# The Go toolchain only builds the lab's binaries; it lives in /usr/local/go on the project's machines.
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null 2>&1 || { echo "kube-binaries: go not found (install Go 1.26, or set KUBEBUILDER_ASSETS)" >&2; exit 1; }
wrappers=$root/lab/go
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

log() { echo "kube-binaries: $*" >&2; }

go_version=$(go env GOVERSION)
cache_root=${KUBEFED_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubefed/bin}
cache=$cache_root/k8s-$K8S_VERSION.etcd-$ETCD_VERSION.kwok-$KWOK_VERSION.$go_version
binaries=(kube-apiserver kube-controller-manager kube-scheduler etcd kwok)
# kwok needs Stage objects; these are kwokctl's defaults (fast pods, node heartbeats with leases).
stages=(node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml)

regenerate_kubernetes() {
  local dir=$wrappers/kubernetes staging=v0.${K8S_VERSION#v1.}
  rm -f "$dir/go.mod" "$dir/go.sum"
  (cd "$dir" && go mod init kubefed.local/lab/kubernetes >/dev/null 2>&1)
  local upstream
  upstream=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  # The upstream go.mod replaces every staging module with ./staging; point them at the published tags instead.
  local module
  for module in $(sed -n 's|^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*|\1|p' "$upstream"); do
    (cd "$dir" && go mod edit "-replace=$module=$module@$staging")
  done
  local go_line godebug_line
  go_line=$(sed -n 's/^go \(.*\)/\1/p' "$upstream")
  godebug_line=$(sed -n 's/^godebug \(.*\)/\1/p' "$upstream")
  (cd "$dir" && go mod edit "-go=$go_line" ${godebug_line:+"-godebug=$godebug_line"} "-require=k8s.io/kubernetes@$K8S_VERSION" && go mod tidy)
}

regenerate_simple() { # dir module version
  local dir=$wrappers/$1
  rm -f "$dir/go.mod" "$dir/go.sum"
  (cd "$dir" && go mod init "kubefed.local/lab/$1" >/dev/null 2>&1 && go mod edit "-require=$2@$3" && go mod tidy)
}

if [ "${1:-}" = "--regenerate" ]; then
  regenerate_kubernetes
  regenerate_simple etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
  regenerate_simple kwok sigs.k8s.io/kwok "$KWOK_VERSION"
  log "wrapper modules regenerated for $K8S_VERSION, etcd $ETCD_VERSION, kwok $KWOK_VERSION"
  exit 0
fi

pinned() { grep -q "$2 $3\$" "$wrappers/$1/go.mod"; }
pinned kubernetes k8s.io/kubernetes "$K8S_VERSION" && pinned etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" &&
  pinned kwok sigs.k8s.io/kwok "$KWOK_VERSION" ||
  { log "lab/go pins other versions than requested; run $0 --regenerate"; exit 1; }

build() { # dir output-dir ldflags packages...
  local dir=$1 out=$2 ldflags=$3
  shift 3
  (cd "$wrappers/$dir" && go build -trimpath -ldflags "$ldflags" -o "$out/" "$@")
}

missing=()
for binary in "${binaries[@]}"; do
  [ -x "${KUBEBUILDER_ASSETS:-/nonexistent}/$binary" ] || [ -x "$cache/$binary" ] || missing+=("$binary")
done
[ -f "$cache/kwok-stages.yaml" ] || missing+=(kwok-stages.yaml)
if [ "${1:-}" = "--locate" ] && [ ${#missing[@]} -gt 0 ]; then
  log "missing ${missing[*]} in $cache: run scripts/kube-binaries.sh to build them"
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "building ${missing[*]} into $cache (a cold build takes 10-20 minutes)"
  staging_dir=$cache.partial
  mkdir -p "$staging_dir"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  version_flags="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1"
  version_flags+=" -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
  start=$(date +%s)
  (cd "$wrappers/etcd" && go build -trimpath -ldflags "-s -w" -o "$staging_dir/etcd" go.etcd.io/etcd/server/v3)
  build kwok "$staging_dir" "-s -w" sigs.k8s.io/kwok/cmd/kwok
  build kubernetes "$staging_dir" "$version_flags" k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
  kwok_source=$(cd "$wrappers/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
  for stage in "${stages[@]}"; do
    cat "$kwok_source/kustomize/stage/$stage"
    echo "---"
  done >"$staging_dir/kwok-stages.yaml"
  mkdir -p "$cache"
  for file in "${binaries[@]}" kwok-stages.yaml; do mv -f "$staging_dir/$file" "$cache/$file"; done
  rm -rf "$staging_dir"
  log "built in $(( $(date +%s) - start ))s"
fi

# Binaries from KUBEBUILDER_ASSETS take precedence (the envtest convention); a link dir merges both sources.
if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  merged=$cache_root/assets-$(echo "$KUBEBUILDER_ASSETS" | cksum | cut -d' ' -f1)
  mkdir -p "$merged"
  for binary in "${binaries[@]}"; do
    if [ -x "$KUBEBUILDER_ASSETS/$binary" ]; then source=$KUBEBUILDER_ASSETS/$binary; else source=$cache/$binary; fi
    ln -sf "$source" "$merged/$binary"
  done
  ln -sf "$cache/kwok-stages.yaml" "$merged/kwok-stages.yaml"
  echo "$merged"
else
  echo "$cache"
fi
