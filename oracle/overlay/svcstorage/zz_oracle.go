// Project file compiled into k8s.io/kubernetes/pkg/registry/core/service/storage by
// `go build -overlay` (oracle/hack/build.sh). It only calls the package's own unexported
// allocation glue; nothing here is upstream code.

package storage

import (
	api "k8s.io/kubernetes/pkg/apis/core"
	"k8s.io/kubernetes/pkg/registry/core/service/ipallocator"
	"k8s.io/kubernetes/pkg/registry/core/service/portallocator"
)

// OracleAllocators is the Service REST's allocation step over in-memory allocators.
type OracleAllocators struct {
	al  Allocators
	rst REST
}

// NewOracleAllocators wraps the given allocators (primary family first).
func NewOracleAllocators(primary api.IPFamily, ips map[api.IPFamily]ipallocator.Interface, ports portallocator.Interface) *OracleAllocators {
	secondary := otherFamily(primary)
	if _, ok := ips[secondary]; !ok {
		secondary = ""
	}
	return &OracleAllocators{
		al:  makeAlloc(primary, ips, ports),
		rst: REST{primaryIPFamily: primary, secondaryIPFamily: secondary},
	}
}

// OracleTxn is a pending allocation: Commit keeps it, Revert releases it.
type OracleTxn interface {
	Commit()
	Revert()
}

// BeginCreate is what the Service REST's beginCreate does before the generic store's
// BeforeCreate: clusterIP(s) normalisation, IP-family fields, clusterIP and nodePort allocation.
func (o *OracleAllocators) BeginCreate(svc *api.Service) (OracleTxn, error) {
	normalizeClusterIPs(After{svc}, Before{nil})
	txn, err := o.al.allocateCreate(svc, false)
	if err != nil {
		return nil, err
	}
	return txn, nil
}

// BeginUpdate is the Service REST's beginUpdate: read-time defaults of the old object, patching
// of allocated values the new object leaves out, normalisation, then allocation.
func (o *OracleAllocators) BeginUpdate(newSvc, oldSvc *api.Service) (OracleTxn, error) {
	o.rst.defaultOnReadService(oldSvc)
	patchAllocatedValues(After{newSvc}, Before{oldSvc})
	normalizeClusterIPs(After{newSvc}, Before{oldSvc})
	txn, err := o.al.allocateUpdate(After{newSvc}, Before{oldSvc}, false)
	if err != nil {
		return nil, err
	}
	return txn, nil
}

// DefaultOnRead applies the read-time defaults (what a GET returns).
func (o *OracleAllocators) DefaultOnRead(svc *api.Service) {
	o.rst.defaultOnReadService(svc)
}
