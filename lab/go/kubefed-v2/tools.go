//go:build tools

// Package tools pins KubeFed v0.10.0's controller-manager, a peer the benchmark
// compares kubefed with. reflect2 v1.0.1 (required by v0.10.0 through
// json-iterator v1.1.11) crashes on Go >= 1.18 when it iterates a map, so
// go.mod raises reflect2 to v1.0.2 and json-iterator to v1.1.12; nothing else
// is bumped (client-go 0.24 dropped the configmaps lock KubeFedConfig needs).
package tools

import (
	_ "sigs.k8s.io/kubefed/cmd/controller-manager"
)
