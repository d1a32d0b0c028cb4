//go:build tools

// Package tools pins the etcd server the lab builds; a separate module keeps
// etcd's dependency versions from being raised by Kubernetes' (and back).
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
