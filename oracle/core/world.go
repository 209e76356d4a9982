package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	v1 "k8s.io/api/core/v1"
	discovery "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/controller/endpoint"
	"k8s.io/kubernetes/pkg/controller/endpointslice"
	"k8s.io/kubernetes/pkg/controller/endpointslicemirroring"
)

// world is the cluster state the downstream stages see: the stored objects and what the
// controllers (EndpointSlice, Endpoints, mirroring) write for them.
type world struct {
	Services       []*v1.Service              `json:"services"`
	Pods           []*v1.Pod                  `json:"pods"`
	Nodes          []*v1.Node                 `json:"nodes"`
	DefaultNodes   bool                       `json:"defaultNodes"`
	Endpoints      []*v1.Endpoints            `json:"endpoints"`
	EndpointSlices []*discovery.EndpointSlice `json:"endpointSlices"`
	Namespaces     []string                   `json:"namespaces"`
	ServiceView    []map[string]any           `json:"servicesView"`
	Errors         []string                   `json:"errors,omitempty"`
}

var builtinNamespaces = []string{"default", "kube-node-lease", "kube-public", "kube-system"}

// decodeStored reads one stored object (v1 JSON) into its typed v1 form, defaulted and round
// tripped through the internal version as the API server's storage does.
func decodeStored(obj map[string]any) (runtime.Object, error) {
	b, _ := json.Marshal(obj)
	o, gvk, err := legacyscheme.Codecs.UniversalDeserializer().Decode(b, nil, nil)
	if err != nil {
		return nil, err
	}
	legacyscheme.Scheme.Default(o)
	internal, err := legacyscheme.Scheme.ConvertToVersion(o, schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal})
	if err != nil {
		return nil, err
	}
	back, err := legacyscheme.Scheme.ConvertToVersion(internal, gvk.GroupVersion())
	if err != nil {
		return nil, err
	}
	legacyscheme.Scheme.Default(back)
	// The storage encoding drops empty fields (e.g. `selector: {}`), as etcd round trips do.
	enc, err := json.Marshal(back)
	if err != nil {
		return nil, err
	}
	fresh, err := legacyscheme.Scheme.New(back.GetObjectKind().GroupVersionKind())
	if err != nil {
		fresh, err = legacyscheme.Scheme.New(gvk.GroupVersion().WithKind(gvk.Kind))
		if err != nil {
			return back, nil
		}
	}
	if err := json.Unmarshal(enc, fresh); err != nil {
		return back, nil
	}
	return fresh, nil
}

// fixEnginePod turns the engine's simulated-pod shorthand (podIPs as strings, `ready: true`)
// into the API's shape.
func fixEnginePod(obj map[string]any) {
	st, _ := obj["status"].(map[string]any)
	if st == nil {
		return
	}
	if ips, ok := st["podIPs"].([]any); ok {
		var out []any
		for _, x := range ips {
			if s, ok := x.(string); ok {
				out = append(out, map[string]any{"ip": s})
			} else {
				out = append(out, x)
			}
		}
		st["podIPs"] = out
	}
	if r, ok := st["ready"].(bool); ok {
		delete(st, "ready")
		if _, has := st["conditions"]; !has {
			s := "False"
			if r {
				s = "True"
			}
			st["conditions"] = []any{map[string]any{"type": "Ready", "status": s}}
		}
	}
}

// defaultNodes is the cluster the playground assumes without Node objects (README).
func defaultNodes() []*v1.Node {
	var out []*v1.Node
	for i, s := range []string{"a", "b", "c"} {
		name := "node-" + s
		out = append(out, &v1.Node{
			ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{
				"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "topology.kubernetes.io/zone": "zone-" + s}},
			Spec: v1.NodeSpec{PodCIDR: fmt.Sprintf("10.244.%d.0/24", i+1), PodCIDRs: []string{fmt.Sprintf("10.244.%d.0/24", i+1)}},
			Status: v1.NodeStatus{
				Addresses:  []v1.NodeAddress{{Type: v1.NodeInternalIP, Address: fmt.Sprintf("192.168.1.%d", 11+i)}},
				Conditions: []v1.NodeCondition{{Type: v1.NodeReady, Status: v1.ConditionTrue}},
			},
		})
	}
	return out
}

func cmdWorld(argv []string, stdin io.Reader) (any, int, error) {
	a, err := parseArgs(argv, "--engine")
	if err != nil {
		return nil, 2, err
	}
	if a.flags["--engine"] == "" {
		return nil, 2, usageError{"world needs --engine FILE (svcplay check --format json)"}
	}
	eng, err := readEngine(a.flags["--engine"])
	if err != nil {
		return nil, 2, err
	}
	w := buildWorld(eng)
	return w, 0, nil
}

// buildWorld takes the engine's valid stored objects (including its simulated pods) and runs
// the upstream controllers over them.
func buildWorld(eng *engineOutput) *world {
	w := &world{}
	nsSet := map[string]bool{}
	for _, n := range builtinNamespaces {
		nsSet[n] = true
	}
	var userEndpoints []*v1.Endpoints
	var userSlices []*discovery.EndpointSlice
	for _, o := range eng.Objects {
		if !o.Valid || o.Object == nil {
			continue
		}
		if o.Kind == "Namespace" {
			nsSet[strings.ToLower(o.Name)] = true
		} else if o.Namespace != "" {
			nsSet[strings.ToLower(o.Namespace)] = true
		}
		switch o.Kind {
		case "Service", "Pod", "Node", "Endpoints", "EndpointSlice":
		default:
			continue
		}
		obj := deepCopyJSON(o.Object)
		if o.Kind == "Pod" {
			fixEnginePod(obj)
		}
		if md, ok := obj["metadata"].(map[string]any); ok && o.Namespace != "" {
			md["namespace"] = o.Namespace
		}
		x, err := decodeStored(obj)
		if err != nil {
			w.Errors = append(w.Errors, fmt.Sprintf("%s/%s/%s: %v", o.Kind, o.Namespace, o.Name, err))
			continue
		}
		switch t := x.(type) {
		case *v1.Service:
			w.Services = replaceOrAppend(w.Services, t)
		case *v1.Pod:
			w.Pods = replaceOrAppend(w.Pods, t)
		case *v1.Node:
			w.Nodes = replaceOrAppend(w.Nodes, t)
		case *v1.Endpoints:
			userEndpoints = replaceOrAppend(userEndpoints, t)
		case *discovery.EndpointSlice:
			userSlices = replaceOrAppend(userSlices, t)
		}
	}
	if len(w.Nodes) == 0 {
		w.Nodes = defaultNodes()
		w.DefaultNodes = true
	}
	for n := range nsSet {
		w.Namespaces = append(w.Namespaces, n)
	}
	sort.Strings(w.Namespaces)
	runControllers(w, userEndpoints, userSlices)
	w.ServiceView = serviceView(w)
	return w
}

type named interface {
	GetNamespace() string
	GetName() string
}

func replaceOrAppend[T named](list []T, x T) []T {
	for i, y := range list {
		if y.GetNamespace() == x.GetNamespace() && y.GetName() == x.GetName() {
			list[i] = x
			return list
		}
	}
	return append(list, x)
}

func deepCopyJSON(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

func runControllers(w *world, userEndpoints []*v1.Endpoints, userSlices []*discovery.EndpointSlice) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var objs []runtime.Object
	for _, s := range w.Services {
		objs = append(objs, s.DeepCopy())
	}
	for _, p := range w.Pods {
		objs = append(objs, p.DeepCopy())
	}
	for _, n := range w.Nodes {
		objs = append(objs, n.DeepCopy())
	}
	for _, e := range userEndpoints {
		objs = append(objs, e.DeepCopy())
	}
	for _, e := range userSlices {
		objs = append(objs, e.DeepCopy())
	}
	for i, o := range objs {
		if m, ok := o.(metav1.Object); ok && m.GetResourceVersion() == "" {
			// Stored objects have a resourceVersion; the Endpoints controller creates (rather
			// than updates) an Endpoints object without one.
			m.SetResourceVersion(fmt.Sprint(i + 1))
		}
	}
	client := fake.NewClientset(objs...)
	// client-go's tracker stores objects as given: give generated names as the API server would.
	counter := 0
	client.PrependReactor("create", "*", func(action k8stesting.Action) (bool, runtime.Object, error) {
		ca, ok := action.(k8stesting.CreateAction)
		if !ok {
			return false, nil, nil
		}
		if m, ok := ca.GetObject().(metav1.Object); ok && m.GetName() == "" && m.GetGenerateName() != "" {
			counter++
			m.SetName(fmt.Sprintf("%s%05d", m.GetGenerateName(), counter))
			m.SetGeneration(1)
		}
		return false, nil, nil
	})
	f := informers.NewSharedInformerFactory(client, 0)
	podInf := f.Core().V1().Pods()
	svcInf := f.Core().V1().Services()
	nodeInf := f.Core().V1().Nodes()
	epInf := f.Core().V1().Endpoints()
	esInf := f.Discovery().V1().EndpointSlices()
	for _, o := range objs {
		switch o.(type) {
		case *v1.Service:
			svcInf.Informer().GetIndexer().Add(o)
		case *v1.Pod:
			podInf.Informer().GetIndexer().Add(o)
		case *v1.Node:
			nodeInf.Informer().GetIndexer().Add(o)
		case *v1.Endpoints:
			epInf.Informer().GetIndexer().Add(o)
		case *discovery.EndpointSlice:
			esInf.Informer().GetIndexer().Add(o)
		}
	}
	esc := endpointslice.NewController(ctx, podInf, svcInf, nodeInf, esInf, 100, client, 0)
	epc := endpoint.NewEndpointController(ctx, podInf, svcInf, epInf, client, 0)
	mc := endpointslicemirroring.NewController(ctx, epInf, esInf, svcInf, 1000, client, 0)
	for _, s := range w.Services {
		key := s.Namespace + "/" + s.Name
		if err := endpointslice.OracleSyncService(esc, key); err != nil {
			w.Errors = append(w.Errors, "endpointslice "+key+": "+err.Error())
		}
		if err := endpoint.OracleSyncService(ctx, epc, key); err != nil {
			w.Errors = append(w.Errors, "endpoints "+key+": "+err.Error())
		}
	}
	// The mirroring controller syncs every Endpoints object, and (onEndpointSliceAdd ->
	// queueEndpointsForEndpointSlice) the Endpoints key of every slice labelled as its own: a
	// mirrored slice without its Endpoints object is deleted.
	var mirrorKeys []string
	seen := map[string]bool{}
	for _, e := range userEndpoints {
		if key := e.Namespace + "/" + e.Name; !seen[key] {
			seen[key] = true
			mirrorKeys = append(mirrorKeys, key)
		}
	}
	for _, e := range userSlices {
		if e.Labels[discovery.LabelManagedBy] != "endpointslicemirroring-controller.k8s.io" || e.Labels[discovery.LabelServiceName] == "" {
			continue
		}
		if key := e.Namespace + "/" + e.Labels[discovery.LabelServiceName]; !seen[key] {
			seen[key] = true
			mirrorKeys = append(mirrorKeys, key)
		}
	}
	for _, key := range mirrorKeys {
		if err := endpointslicemirroring.OracleSyncEndpoints(ctx, mc, key); err != nil {
			w.Errors = append(w.Errors, "mirroring "+key+": "+err.Error())
		}
	}
	eps, _ := client.CoreV1().Endpoints("").List(ctx, metav1.ListOptions{})
	for i := range eps.Items {
		w.Endpoints = append(w.Endpoints, &eps.Items[i])
	}
	sls, _ := client.DiscoveryV1().EndpointSlices("").List(ctx, metav1.ListOptions{})
	for i := range sls.Items {
		w.EndpointSlices = append(w.EndpointSlices, &sls.Items[i])
	}
	sort.Slice(w.EndpointSlices, func(i, j int) bool {
		a, b := w.EndpointSlices[i], w.EndpointSlices[j]
		return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
	})
}

// serviceView is `svcplay check`'s services[]: each Service port with the v1 Endpoints
// addresses (target port resolved per address) that carry that port's name.
func serviceView(w *world) []map[string]any {
	var out []map[string]any
	for _, s := range w.Services {
		var ep *v1.Endpoints
		for _, e := range w.Endpoints {
			if e.Namespace == s.Namespace && e.Name == s.Name {
				ep = e
			}
		}
		var ports []map[string]any
		for _, p := range s.Spec.Ports {
			ready, notReady := []string{}, []string{}
			if ep != nil {
				for _, ss := range ep.Subsets {
					for _, ep := range ss.Ports {
						if ep.Name != p.Name || ep.Protocol != p.Protocol {
							continue
						}
						for _, a := range ss.Addresses {
							ready = append(ready, fmt.Sprintf("%s:%d", a.IP, ep.Port))
						}
						for _, a := range ss.NotReadyAddresses {
							notReady = append(notReady, fmt.Sprintf("%s:%d", a.IP, ep.Port))
						}
					}
				}
			}
			sort.Strings(ready)
			sort.Strings(notReady)
			var np any
			if p.NodePort != 0 {
				np = p.NodePort
			}
			ports = append(ports, map[string]any{"name": p.Name, "port": p.Port, "protocol": p.Protocol,
				"targetPort": p.TargetPort, "nodePort": np, "endpoints": map[string]any{"ready": ready, "notReady": notReady}})
		}
		out = append(out, map[string]any{"namespace": s.Namespace, "name": s.Name, "type": s.Spec.Type,
			"clusterIP": s.Spec.ClusterIP, "ports": ports})
	}
	return out
}
