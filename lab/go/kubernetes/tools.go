//go:build tools

// Package tools pins the Kubernetes commands that the lab builds; the
// wrapper module exists because k8s.io/kubernetes cannot be go-installed
// (its go.mod replaces every staging module with a local path).
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
