// Project file compiled into k8s.io/kubernetes/pkg/controller/endpointslicemirroring (v1.34.x,
// whose syncEndpoints takes a logger) by `go build -overlay`.

package endpointslicemirroring

import (
	"context"

	"k8s.io/klog/v2"
)

// OracleSyncEndpoints runs one sync of the mirroring controller for namespace/name.
func OracleSyncEndpoints(ctx context.Context, c *Controller, key string) error {
	return c.syncEndpoints(klog.FromContext(ctx), key)
}
