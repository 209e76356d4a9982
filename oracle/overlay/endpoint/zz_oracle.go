// Project file compiled into k8s.io/kubernetes/pkg/controller/endpoint by `go build -overlay`.

package endpoint

import "context"

// OracleSyncService runs one sync of the Endpoints controller for namespace/name.
func OracleSyncService(ctx context.Context, c *Controller, key string) error {
	return c.syncService(ctx, key)
}
