// Project file compiled into k8s.io/kubernetes/pkg/controller/endpointslicemirroring by
// `go build -overlay`.

package endpointslicemirroring

import "context"

// OracleSyncEndpoints runs one sync of the mirroring controller for namespace/name.
func OracleSyncEndpoints(ctx context.Context, c *Controller, key string) error {
	return c.syncEndpoints(ctx, key)
}
