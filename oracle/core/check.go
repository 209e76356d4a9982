package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	"net"
	"regexp"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/core/endpoint"
	"k8s.io/kubernetes/pkg/registry/core/namespace"
	"k8s.io/kubernetes/pkg/registry/core/node"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/service"
	"k8s.io/kubernetes/pkg/registry/core/service/ipallocator"
	"k8s.io/kubernetes/pkg/registry/core/service/portallocator"
	svcstorage "k8s.io/kubernetes/pkg/registry/core/service/storage"
	"k8s.io/kubernetes/pkg/registry/discovery/endpointslice"
	netutils "k8s.io/utils/net"
)

type strategy interface {
	rest.RESTCreateStrategy
	rest.RESTUpdateStrategy
}

type kindInfo struct {
	strategy strategy
	group    string
	resource string
}

// The kinds the playground models, with their registry strategies.
var kinds = map[string]kindInfo{
	"Service":       {service.Strategy, "", "services"},
	"Pod":           {pod.Strategy, "", "pods"},
	"Endpoints":     {endpoint.Strategy, "", "endpoints"},
	"Node":          {node.Strategy, "", "nodes"},
	"Namespace":     {namespace.Strategy, "", "namespaces"},
	"EndpointSlice": {endpointslice.Strategy, "discovery.k8s.io", "endpointslices"},
	"Deployment":    {deployment.Strategy, "apps", "deployments"},
	"ReplicaSet":    {replicaset.Strategy, "apps", "replicasets"},
	"StatefulSet":   {statefulset.Strategy, "apps", "statefulsets"},
	"DaemonSet":     {daemonset.Strategy, "apps", "daemonsets"},
}

type diagnostic struct {
	Severity string `json:"severity"`
	Object   string `json:"object"`
	Field    string `json:"field"`
	Type     string `json:"type,omitempty"`
	Stage    string `json:"stage"`
	Message  string `json:"message"`
}

type checkObject struct {
	Kind      string         `json:"kind"`
	Namespace string         `json:"namespace"`
	Name      string         `json:"name"`
	Valid     bool           `json:"valid"`
	Update    bool           `json:"update,omitempty"`
	Pinned    []string       `json:"pinned,omitempty"`
	Object    map[string]any `json:"object,omitempty"`
	File      string         `json:"file"`
	Doc       int            `json:"doc"`
}

type warnings struct{ list []string }

func (w *warnings) AddWarning(agent, text string) { w.list = append(w.list, text) }

var strictCodec = kjson.NewSerializerWithOptions(kjson.DefaultMetaFactory, legacyscheme.Scheme, legacyscheme.Scheme,
	kjson.SerializerOptions{Yaml: true, Strict: true})

var goFieldRE = regexp.MustCompile(`Go struct field [A-Za-z0-9]+\.([A-Za-z0-9.]+) of type`)

var servedVersion = map[string]string{"Service": "v1", "Pod": "v1", "Endpoints": "v1", "Node": "v1", "Namespace": "v1",
	"EndpointSlice": "discovery.k8s.io/v1", "Deployment": "apps/v1", "ReplicaSet": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1"}

var strictFieldRE = regexp.MustCompile(`(unknown|duplicate) field "([^"]*)"`)

// apiServer is the state of the simulated API server across documents.
type apiServer struct {
	live  map[string]runtime.Object // internal objects by kind/ns/name
	alloc *svcstorage.OracleAllocators
	// The same allocators as the repair controllers see them for objects already stored
	// (live objects): an address or port outside the configured range is kept (repair.go only
	// reports it), one held twice is still a conflict.
	stored *svcstorage.OracleAllocators
	pins   map[string][]map[string]any // engine's stored objects by key, in order
	seen   map[string]int
	rv     int
	// NamespaceLifecycle admission over the input's namespaces (nil: the input declares none).
	ns *lifecycle.Lifecycle
}

var builtinInInput = map[string]bool{}

func newAPIServer(eng *engineOutput) (*apiServer, error) {
	// kube-apiserver --service-cluster-ip-range (one range per family, the primary first) and
	// --service-node-port-range, as the cluster's configuration says.
	ips := map[api.IPFamily]ipallocator.Interface{}
	loose := map[api.IPFamily]ipallocator.Interface{}
	var primary api.IPFamily
	for _, c := range current.ServiceCIDRs {
		_, cidr, err := netutils.ParseCIDRSloppy(c)
		if err != nil {
			return nil, fmt.Errorf("service CIDR %q: %v", c, err)
		}
		ipa, err := ipallocator.NewInMemory(cidr)
		if err != nil {
			return nil, fmt.Errorf("service CIDR %q: %v", c, err)
		}
		f := ipa.IPFamily()
		if _, dup := ips[f]; dup {
			continue
		}
		if primary == "" {
			primary = f
		}
		ips[f] = ipa
		loose[f] = storedIPs{ipa}
	}
	if primary == "" {
		return nil, fmt.Errorf("no Service CIDR")
	}
	pr, err := utilnet.ParsePortRange(current.NodePortRange)
	if err != nil {
		return nil, fmt.Errorf("nodePort range %q: %v", current.NodePortRange, err)
	}
	pa, err := portallocator.NewInMemory(*pr)
	if err != nil {
		return nil, err
	}
	// default/kubernetes and kube-system/kube-dns hold these in every kubeadm cluster, unless the
	// input writes those Services itself (a cluster dump).
	if !builtinInInput["default/kubernetes"] && current.KubernetesIP != "" {
		ips[primary].Allocate(net.ParseIP(current.KubernetesIP))
	}
	if !builtinInInput["kube-system/kube-dns"] && current.DNSIP != "" {
		ips[primary].Allocate(net.ParseIP(current.DNSIP))
	}
	s := &apiServer{
		live:   map[string]runtime.Object{},
		alloc:  svcstorage.NewOracleAllocators(primary, ips, pa),
		stored: svcstorage.NewOracleAllocators(primary, loose, storedPorts{pa}),
		pins:   map[string][]map[string]any{},
		seen:   map[string]int{},
	}
	if eng != nil {
		for _, o := range eng.Objects {
			if o.Simulated {
				continue
			}
			k := o.Kind + "/" + o.Namespace + "/" + o.Name
			obj := o.Object
			if !o.Valid {
				obj = nil
			}
			s.pins[k] = append(s.pins[k], obj)
		}
	}
	return s, nil
}

// storedIPs and storedPorts are allocators as they hold what etcd already stores: an object
// outside the configured range stays (the repair controllers, ipallocator/controller/repair.go
// and portallocator/controller/repair.go, only emit an event), a value held twice is refused.
type storedIPs struct{ ipallocator.Interface }

func (a storedIPs) Allocate(ip net.IP) error {
	var nr *ipallocator.ErrNotInRange
	if err := a.Interface.Allocate(ip); err != nil && !errors.As(err, &nr) {
		return err
	}
	return nil
}

type storedPorts struct{ portallocator.Interface }

func (a storedPorts) Allocate(p int) error {
	var nr *portallocator.ErrNotInRange
	if err := a.Interface.Allocate(p); err != nil && !errors.As(err, &nr) {
		return err
	}
	return nil
}

// isLive says whether a document is an object read from a cluster (kubectl get -o yaml): it has
// what only the API server writes.
func isLive(m map[string]any) bool {
	md, _ := m["metadata"].(map[string]any)
	for _, k := range []string{"uid", "resourceVersion", "creationTimestamp"} {
		if v, ok := md[k]; ok && v != nil && v != "" {
			return true
		}
	}
	return false
}

func cmdCheck(argv []string, stdin io.Reader) (any, int, error) {
	a, err := parseArgs(argv, "--engine", "--cluster")
	if err != nil {
		return nil, 2, err
	}
	cl, err := readCluster(a.flags["--cluster"])
	if err != nil {
		return nil, 2, err
	}
	if err := useCluster(cl); err != nil {
		return nil, 2, err
	}
	var eng *engineOutput
	if e := a.flags["--engine"]; e != "" {
		if eng, err = readEngine(e); err != nil {
			return nil, 2, err
		}
	}
	docs, err := readPaths(a.positional, stdin)
	if err != nil {
		return nil, 2, err
	}
	builtinInInput = map[string]bool{}
	for _, d := range docs {
		if d.JSON != nil && d.JSON["kind"] == "Service" {
			ns, _ := dig(d.JSON, "metadata", "namespace").(string)
			if ns == "" {
				ns = "default"
			}
			n, _ := dig(d.JSON, "metadata", "name").(string)
			builtinInInput[ns+"/"+n] = true
		}
	}
	s, err := newAPIServer(eng)
	if err != nil {
		return nil, 2, usageError{err.Error()}
	}
	if s.ns, err = namespaceAdmission(docs); err != nil {
		return nil, 2, err
	}
	objects := []checkObject{}
	diags := []diagnostic{}
	code := 0
	for _, d := range docs {
		o, ds := s.apply(d)
		diags = append(diags, ds...)
		for _, x := range ds {
			if x.Severity == "error" {
				code = 1
			}
		}
		if o != nil {
			objects = append(objects, *o)
		}
	}
	return map[string]any{"objects": objects, "diagnostics": diags}, code, nil
}

func errorDiags(obj string, stage string, err error) []diagnostic {
	var out []diagnostic
	if se, ok := err.(apierrors.APIStatus); ok && se.Status().Details != nil && len(se.Status().Details.Causes) > 0 {
		for _, c := range se.Status().Details.Causes {
			out = append(out, diagnostic{"error", obj, c.Field, string(c.Type), stage, c.Message})
		}
		return out
	}
	return []diagnostic{{"error", obj, "", "", stage, err.Error()}}
}

// apply runs one document through what kube-apiserver does with a create or update request.
func (s *apiServer) apply(d doc) (*checkObject, []diagnostic) {
	if d.Err != nil || d.JSON == nil {
		return nil, []diagnostic{{"error", "", "", "", "read", fmt.Sprint(d.Err)}}
	}
	kind, _ := d.JSON["kind"].(string)
	ki, ok := kinds[kind]
	if !ok {
		return nil, nil
	}
	name, _ := dig(d.JSON, "metadata", "name").(string)
	ns, _ := dig(d.JSON, "metadata", "namespace").(string)
	namespaced := ki.strategy.NamespaceScoped()
	if namespaced && ns == "" {
		ns = "default"
	}
	if !namespaced {
		ns = ""
	}
	key := kind + "/" + ns + "/" + name
	objName := key
	if !namespaced {
		objName = kind + "/" + name
	}
	out := &checkObject{Kind: kind, Namespace: ns, Name: name, File: d.File, Doc: d.Index}
	// The engine prints one entry per live object (its final state) plus one per refused
	// document: pin the allocations of the live one.
	var pin map[string]any
	for _, p := range s.pins[key] {
		if p != nil {
			pin = p
		}
	}
	s.seen[key]++

	// kube-apiserver serves only these versions of the modeled kinds.
	if av, _ := d.JSON["apiVersion"].(string); av != servedVersion[kind] {
		return out, []diagnostic{{"error", objName, "apiVersion", "no-kind-match", "decode",
			fmt.Sprintf("no matches for kind %q in version %q", kind, av)}}
	}
	// 1. Strict decoding (kubectl's default --validate=strict: server-side field validation).
	// kubectl converts each YAML document to JSON before sending it (a repeated key keeps its
	// last value there, kubernetes/kubernetes#125885); the server then decodes the JSON strictly.
	body, _ := json.Marshal(d.JSON)
	obj, gvk, err := strictCodec.Decode(body, nil, nil)
	if err != nil {
		if runtime.IsStrictDecodingError(err) {
			var ds []diagnostic
			for _, m := range strictFieldRE.FindAllStringSubmatch(err.Error(), -1) {
				ds = append(ds, diagnostic{"error", objName, m[2], m[1] + "-field", "decode", m[0]})
			}
			if len(ds) == 0 {
				ds = append(ds, diagnostic{"error", objName, "", "", "decode", err.Error()})
			}
			return out, ds
		}
		f := ""
		if m := goFieldRE.FindStringSubmatch(err.Error()); m != nil {
			f = m[1]
		}
		return out, []diagnostic{{"error", objName, f, "", "decode", err.Error()}}
	}
	// 2. Defaulting and conversion to the internal version.
	legacyscheme.Scheme.Default(obj)
	internal, err := legacyscheme.Scheme.ConvertToVersion(obj, schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal})
	if err != nil {
		return out, []diagnostic{{"error", objName, "", "", "convert", err.Error()}}
	}
	m, _ := meta.Accessor(internal)
	if namespaced {
		m.SetNamespace(ns)
	} else {
		m.SetNamespace("")
	}
	// 3. Request context: namespace, RequestInfo (declarative validation needs it), warnings.
	w := &warnings{}
	apiPrefix := "api"
	if gvk.Group != "" {
		apiPrefix = "apis"
	}
	old, exists := s.live[key]
	verb := "create"
	if exists {
		verb = "update"
		out.Update = true
	}
	ctx := genericapirequest.WithNamespace(context.Background(), ns)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: verb, APIPrefix: apiPrefix, APIGroup: gvk.Group, APIVersion: gvk.Version,
		Resource: ki.resource, Namespace: ns, Name: name,
	})
	ctx = warning.WithWarningRecorder(ctx, w)

	var txn svcstorage.OracleTxn
	if !exists {
		if !isLive(d.JSON) {
			if ds := admitNamespace(s.ns, internal, *gvk, ki.resource, ns, name, objName); ds != nil {
				return out, ds
			}
		}
		rest.FillObjectMetaSystemFields(m)
		if svc, ok := internal.(*api.Service); ok {
			out.Pinned = pinService(svc, nil, pin)
			alloc := s.alloc
			if isLive(d.JSON) {
				// Already stored: its allocations are the cluster's, wherever they lie.
				alloc = s.stored
			}
			txn, err = alloc.BeginCreate(svc)
			if err != nil {
				return out, errorDiags(objName, "allocate", err)
			}
		}
		err = rest.BeforeCreate(ki.strategy, ctx, internal)
	} else {
		oldCopy := old.DeepCopyObject()
		om, _ := meta.Accessor(oldCopy)
		m.SetUID(om.GetUID())
		m.SetCreationTimestamp(om.GetCreationTimestamp())
		m.SetResourceVersion(om.GetResourceVersion())
		if svc, ok := internal.(*api.Service); ok {
			oldSvc := oldCopy.(*api.Service)
			out.Pinned = pinService(svc, oldSvc, pin)
			txn, err = s.alloc.BeginUpdate(svc, oldSvc)
			if err != nil {
				return out, errorDiags(objName, "allocate", err)
			}
		}
		err = rest.BeforeUpdate(ki.strategy, ctx, internal, oldCopy)
	}
	if err != nil {
		if txn != nil {
			txn.Revert()
		}
		return out, errorDiags(objName, "validate", err)
	}
	if txn != nil {
		txn.Commit()
	}
	s.rv++
	m.SetResourceVersion(fmt.Sprint(s.rv))
	s.live[key] = internal
	out.Valid = true
	var ds []diagnostic
	for _, t := range w.list {
		ds = append(ds, diagnostic{"warning", objName, warningField(t), "", "validate", t})
	}
	out.Object = stored(s, internal, gvk.GroupVersion())
	return out, ds
}

// warningField is the field path a warning text starts with, if any.
func warningField(t string) string {
	f := t
	if i := strings.IndexAny(f, ": "); i >= 0 {
		f = f[:i]
	}
	if strings.HasPrefix(f, "spec.") || strings.HasPrefix(f, "metadata.") {
		return f
	}
	return ""
}

// stored is the object as a GET returns it: v1, defaulted again after the storage round trip,
// with read-time Service defaults; system metadata dropped.
func stored(s *apiServer, internal runtime.Object, gv schema.GroupVersion) map[string]any {
	c := internal.DeepCopyObject()
	if svc, ok := c.(*api.Service); ok {
		s.alloc.DefaultOnRead(svc)
	}
	v, err := legacyscheme.Scheme.ConvertToVersion(c, gv)
	if err != nil {
		return nil
	}
	legacyscheme.Scheme.Default(v)
	b, _ := json.Marshal(v)
	var out map[string]any
	json.Unmarshal(b, &out)
	if md, ok := out["metadata"].(map[string]any); ok {
		for _, k := range []string{"uid", "creationTimestamp", "resourceVersion", "generation", "managedFields"} {
			delete(md, k)
		}
	}
	out["apiVersion"] = gv.String()
	if gv.Group == "" {
		out["apiVersion"] = gv.Version
	}
	return out
}

// pinService writes the allocations the engine chose (its stored object for this document)
// into fields the request leaves empty, so the in-memory allocators check them ("pin mode").
func pinService(svc *api.Service, old *api.Service, pin map[string]any) []string {
	if pin == nil {
		return nil
	}
	var pinned []string
	spec, _ := pin["spec"].(map[string]any)
	if spec == nil {
		return nil
	}
	fromExternalName := old != nil && old.Spec.Type == api.ServiceTypeExternalName
	if (old == nil || fromExternalName) && svc.Spec.Type != api.ServiceTypeExternalName && svc.Spec.ClusterIP == "" && len(svc.Spec.ClusterIPs) == 0 {
		if ip, _ := spec["clusterIP"].(string); ip != "" && ip != "None" {
			svc.Spec.ClusterIP = ip
			for _, x := range asList(spec["clusterIPs"]) {
				if s, ok := x.(string); ok {
					svc.Spec.ClusterIPs = append(svc.Spec.ClusterIPs, s)
				}
			}
			pinned = append(pinned, "spec.clusterIPs")
		}
	}
	// A requested primary clusterIP with the secondary family left to the allocator.
	if old == nil && svc.Spec.ClusterIP != "" && svc.Spec.ClusterIP != api.ClusterIPNone && len(svc.Spec.ClusterIPs) <= 1 {
		eips := asList(spec["clusterIPs"])
		if len(eips) == 2 {
			if first, _ := eips[0].(string); first == svc.Spec.ClusterIP {
				if second, _ := eips[1].(string); second != "" {
					svc.Spec.ClusterIPs = []string{first, second}
					pinned = append(pinned, "spec.clusterIPs[1]")
				}
			}
		}
	}
	needsNodePorts := svc.Spec.Type == api.ServiceTypeNodePort ||
		(svc.Spec.Type == api.ServiceTypeLoadBalancer && (svc.Spec.AllocateLoadBalancerNodePorts == nil || *svc.Spec.AllocateLoadBalancerNodePorts))
	pports := asList(spec["ports"])
	if !needsNodePorts {
		pports = nil
	}
	for i := range svc.Spec.Ports {
		p := &svc.Spec.Ports[i]
		if p.NodePort != 0 {
			continue
		}
		if old != nil {
			kept := false
			for _, op := range old.Spec.Ports {
				if op.Name == p.Name && op.NodePort != 0 {
					kept = true
				}
			}
			if kept {
				continue
			}
		}
		for _, x := range pports {
			pm, _ := x.(map[string]any)
			if num(pm["port"]) == int64(p.Port) && str(pm["protocol"], "TCP") == string(p.Protocol) && str(pm["name"], "") == p.Name {
				if np := num(pm["nodePort"]); np != 0 {
					p.NodePort = int32(np)
					pinned = append(pinned, fmt.Sprintf("spec.ports[%d].nodePort", i))
				}
			}
		}
	}
	needsHC := svc.Spec.Type == api.ServiceTypeLoadBalancer && svc.Spec.ExternalTrafficPolicy == api.ServiceExternalTrafficPolicyLocal
	if needsHC && svc.Spec.HealthCheckNodePort == 0 && (old == nil || old.Spec.HealthCheckNodePort == 0) {
		if h := num(spec["healthCheckNodePort"]); h != 0 {
			svc.Spec.HealthCheckNodePort = int32(h)
			pinned = append(pinned, "spec.healthCheckNodePort")
		}
	}
	return pinned
}

func asList(v any) []any { l, _ := v.([]any); return l }

func num(v any) int64 {
	switch x := v.(type) {
	case float64:
		return int64(x)
	case int64:
		return x
	case json.Number:
		n, _ := x.Int64()
		return n
	}
	return 0
}

func str(v any, def string) string {
	if s, ok := v.(string); ok && s != "" {
		return s
	}
	return def
}

var _ = metav1.Now
