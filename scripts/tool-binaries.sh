#!/usr/bin/env bash
# Builds (or finds) the operator tools the tests run against the chart and the alert rules, and
# prints the path of each binary asked for, one a line.
#
#   scripts/tool-binaries.sh                    build helm and promtool into the cache if missing
#   scripts/tool-binaries.sh helm promtool      the same, for the tools named
#   scripts/tool-binaries.sh --locate helm      print the path only if the binary is already there
#
# Each tool is built with `go install module/cmd@version` from the Go module proxy into
# $KUBEFED_BIN_CACHE (default ~/.cache/kubefed/bin)/<tool>-<version>.<go version>/, so a new version
# or a new Go builds beside the old one. Binaries never go into the repository.
set -euo pipefail

HELM_VERSION=${HELM_VERSION:-v4.3.2}
PROMETHEUS_VERSION=${PROMETHEUS_VERSION:-v0.316.0}

command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

log() { echo "tool-binaries: $*" >&2; }

locate=false
if [ "${1:-}" = "--locate" ]; then
  locate=true
  shift
fi
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(helm promtool)

cache_root=${KUBEFED_BIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubefed/bin}

# Prometheus tags its Go module v0.3XX.Y for release 3.XX.Y.
prometheus_release() { local minor_patch=${PROMETHEUS_VERSION#v0.3}; echo "3.${minor_patch#0}"; }

describe() { # tool -> "version package ldflags"
  case $1 in
    helm)
      echo "$HELM_VERSION helm.sh/helm/${HELM_VERSION%%.*}/cmd/helm" \
        "-s -w -X helm.sh/helm/${HELM_VERSION%%.*}/internal/version.version=$HELM_VERSION"
      ;;
    promtool)
      echo "$PROMETHEUS_VERSION github.com/prometheus/prometheus/cmd/promtool" \
        "-s -w -X github.com/prometheus/common/version.Version=$(prometheus_release)"
      ;;
    *)
      log "unknown tool $1 (known: helm, promtool)"
      return 1
      ;;
  esac
}

for tool in "${tools[@]}"; do
  read -r version package ldflags < <(describe "$tool")
  command -v go >/dev/null 2>&1 || { log "go not found (install Go 1.26 to build $tool)"; exit 1; }
  dir=$cache_root/$tool-$version.$(go env GOVERSION)
  if [ ! -x "$dir/$tool" ]; then
    if $locate; then
      log "missing $dir/$tool: run scripts/tool-binaries.sh $tool to build it"
      exit 1
    fi
    log "building $tool $version into $dir"
    start=$(date +%s)
    staging=$dir.partial
    rm -rf "$staging"
    mkdir -p "$staging"
    GOBIN=$staging nice -n 19 go install -trimpath -ldflags "$ldflags" "$package@$version"
    mkdir -p "$dir"
    mv -f "$staging/$tool" "$dir/$tool"
    rm -rf "$staging"
    log "built $tool in $(($(date +%s) - start))s"
  fi
  echo "$dir/$tool"
done
