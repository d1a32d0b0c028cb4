//go:build tools

// Package tools pins Karmada's push-mode control plane (aggregated apiserver,
// controller-manager, scheduler, webhook), a peer the benchmark compares
// kubefed with. A module of its own keeps Karmada's k8s.io/* versions apart
// from the lab's kube-apiserver wrapper.
package tools

import (
	_ "github.com/karmada-io/karmada/cmd/aggregated-apiserver"
	_ "github.com/karmada-io/karmada/cmd/controller-manager"
	_ "github.com/karmada-io/karmada/cmd/scheduler"
	_ "github.com/karmada-io/karmada/cmd/webhook"
)
