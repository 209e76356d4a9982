// Project file compiled into k8s.io/kubernetes/pkg/controller/endpointslice by `go build -overlay`.

package endpointslice

import "k8s.io/klog/v2"

// OracleSyncService runs one sync of the EndpointSlice controller for namespace/name.
func OracleSyncService(c *Controller, key string) error {
	return c.syncService(klog.Background(), key)
}
