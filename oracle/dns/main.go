// dns-oracle: `svcplay dns` answered by CoreDNS's `kubernetes` plugin (coredns/coredns, used as a
// dependency) configured as kubeadm does, with an in-memory data source assigned to its exported
// APIConn field.
//
//	dns-oracle NAME [A|AAAA|SRV|CNAME] --world FILE      (FILE: `k8s-oracle world` output)
//	dns-oracle batch --world FILE < queries              (one "NAME TYPE" a line)
//
// NAME must be a fully qualified name inside the cluster domain (the pod resolver's search-path
// expansion is not CoreDNS). Output: {"name", "type", "rcode", "answers"} like svcplay.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/coredns/caddy"
	"github.com/coredns/coredns/plugin/kubernetes"
	"github.com/coredns/coredns/plugin/kubernetes/object"
	"github.com/coredns/coredns/plugin/pkg/dnstest"
	"github.com/coredns/coredns/plugin/test"
	"github.com/coredns/coredns/request"
	"github.com/miekg/dns"
	v1 "k8s.io/api/core/v1"
	discovery "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// kubeadm's Corefile stanza for the cluster domain (cmd/kubeadm/app/phases/addons/dns,
// `{{ .DNSDomain }}` = ClusterConfiguration networking.dnsDomain).
const corefile = `kubernetes %s in-addr.arpa ip6.arpa {
   pods insecure
   fallthrough in-addr.arpa ip6.arpa
   ttl 30
}`

type world struct {
	Services       []*v1.Service              `json:"services"`
	Pods           []*v1.Pod                  `json:"pods"`
	EndpointSlices []*discovery.EndpointSlice `json:"endpointSlices"`
	Namespaces     []string                   `json:"namespaces"`
	Cluster        *struct {
		Domain       string `json:"clusterDomain"`
		KubernetesIP string `json:"kubernetesIP"`
		DNSIP        string `json:"dnsIP"`
	} `json:"cluster"`
}

// memAPI is an in-memory dnsController: the objects converted by the plugin's own converters.
type memAPI struct {
	svcs []*object.Service
	eps  []*object.Endpoints
	pods []*object.Pod
	ns   map[string]*object.Namespace
}

func (m *memAPI) ServiceList() []*object.Service             { return m.svcs }
func (m *memAPI) EndpointsList() []*object.Endpoints         { return m.eps }
func (m *memAPI) ServiceImportList() []*object.ServiceImport { return nil }
func (m *memAPI) SvcIndex(k string) (out []*object.Service) {
	for _, s := range m.svcs {
		if s.Index == k {
			out = append(out, s)
		}
	}
	return
}
func (m *memAPI) SvcIndexReverse(ip string) (out []*object.Service) {
	for _, s := range m.svcs {
		for _, x := range s.ClusterIPs {
			if x == ip {
				out = append(out, s)
			}
		}
	}
	return
}
func (m *memAPI) SvcExtIndexReverse(ip string) (out []*object.Service) {
	for _, s := range m.svcs {
		for _, x := range s.ExternalIPs {
			if x == ip {
				out = append(out, s)
			}
		}
	}
	return
}
func (m *memAPI) SvcImportIndex(string) []*object.ServiceImport { return nil }
func (m *memAPI) PodIndex(ip string) (out []*object.Pod) {
	for _, p := range m.pods {
		if p.PodIP == ip {
			out = append(out, p)
		}
	}
	return
}
func (m *memAPI) EpIndex(k string) (out []*object.Endpoints) {
	for _, e := range m.eps {
		if e.Index == k {
			out = append(out, e)
		}
	}
	return
}
func (m *memAPI) EpIndexReverse(ip string) (out []*object.Endpoints) {
	for _, e := range m.eps {
		for _, x := range e.IndexIP {
			if x == ip {
				out = append(out, e)
			}
		}
	}
	return
}
func (m *memAPI) McEpIndex(string) []*object.MultiClusterEndpoints { return nil }
func (m *memAPI) GetNodeByName(context.Context, string) (*v1.Node, error) {
	return nil, errors.New("nodes are not modeled")
}
func (m *memAPI) GetNamespaceByName(name string) (*object.Namespace, error) {
	if n, ok := m.ns[name]; ok {
		return n, nil
	}
	return nil, fmt.Errorf("namespace not found")
}
func (m *memAPI) Run()                                   {}
func (m *memAPI) HasSynced() bool                        { return true }
func (m *memAPI) Stop() error                            { return nil }
func (m *memAPI) Modified(kubernetes.ModifiedMode) int64 { return 1 }

// noUpstream answers every out-of-zone lookup with an empty message: the answer stops at the
// CNAME, as the playground does (it does not model the resolver behind CoreDNS).
type noUpstream struct{}

func (noUpstream) Lookup(_ context.Context, state request.Request, name string, typ uint16) (*dns.Msg, error) {
	m := new(dns.Msg)
	m.SetQuestion(name, typ)
	return m, nil
}

// builtins are the Services every kubeadm cluster has (the engine answers them too).
func builtins(kubernetesIP, dnsIP string) []*v1.Service {
	mk := func(ns, name, ip string, ports ...v1.ServicePort) *v1.Service {
		return &v1.Service{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name},
			Spec: v1.ServiceSpec{Type: v1.ServiceTypeClusterIP, ClusterIP: ip, ClusterIPs: []string{ip}, Ports: ports}}
	}
	return []*v1.Service{
		mk("default", "kubernetes", kubernetesIP, v1.ServicePort{Name: "https", Protocol: v1.ProtocolTCP, Port: 443, TargetPort: intstr.FromInt32(6443)}),
		mk("kube-system", "kube-dns", dnsIP,
			v1.ServicePort{Name: "dns", Protocol: v1.ProtocolUDP, Port: 53, TargetPort: intstr.FromInt32(53)},
			v1.ServicePort{Name: "dns-tcp", Protocol: v1.ProtocolTCP, Port: 53, TargetPort: intstr.FromInt32(53)},
			v1.ServicePort{Name: "metrics", Protocol: v1.ProtocolTCP, Port: 9153, TargetPort: intstr.FromInt32(9153)}),
	}
}

func load(path string) (*kubernetes.Kubernetes, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var w world
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	m := &memAPI{ns: map[string]*object.Namespace{}}
	have := map[string]bool{}
	for _, s := range w.Services {
		have[s.Namespace+"/"+s.Name] = true
	}
	// The cluster's configuration (k8s-oracle world): its domain and the two Services kubeadm
	// creates, at the addresses it derives from the Service CIDR.
	zone, kip, dip := "cluster.local", "10.96.0.1", "10.96.0.10"
	if c := w.Cluster; c != nil {
		if c.Domain != "" {
			zone = c.Domain
		}
		kip, dip = c.KubernetesIP, c.DNSIP
	}
	for _, s := range builtins(kip, dip) {
		if !have[s.Namespace+"/"+s.Name] {
			w.Services = append(w.Services, s)
		}
	}
	// The converters clear their input: pass copies.
	for _, s := range w.Services {
		o, err := object.ToService(s.DeepCopy())
		if err != nil {
			return nil, err
		}
		m.svcs = append(m.svcs, o.(*object.Service))
	}
	for _, s := range w.EndpointSlices {
		o, err := object.EndpointSliceToEndpoints(s.DeepCopy())
		if err != nil {
			return nil, err
		}
		m.eps = append(m.eps, o.(*object.Endpoints))
	}
	for _, p := range w.Pods {
		o, err := object.ToPod(p.DeepCopy())
		if err != nil {
			continue // terminating pods are skipped by the plugin's informer too
		}
		m.pods = append(m.pods, o.(*object.Pod))
	}
	for _, n := range w.Namespaces {
		o, err := object.ToNamespace(&v1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: n}})
		if err != nil {
			return nil, err
		}
		m.ns[n] = o.(*object.Namespace)
	}
	c := caddy.NewTestController("dns", fmt.Sprintf(corefile, zone))
	c.Next()
	k, err := kubernetes.ParseStanza(c)
	if err != nil {
		return nil, err
	}
	k.APIConn = m
	k.Upstream = noUpstream{}
	return k, nil
}

type answer struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Rcode   string   `json:"rcode"`
	Answers []string `json:"answers"`
	TTLs    []uint32 `json:"ttls,omitempty"`
}

func query(k *kubernetes.Kubernetes, name, qtype string) (*answer, error) {
	t, ok := dns.StringToType[strings.ToUpper(qtype)]
	if !ok {
		return nil, fmt.Errorf("unknown type %q", qtype)
	}
	fq := dns.Fqdn(name)
	req := new(dns.Msg)
	req.SetQuestion(fq, t)
	rec := dnstest.NewRecorder(&test.ResponseWriter{})
	rcode, err := k.ServeDNS(context.Background(), rec, req)
	out := &answer{Name: fq, Type: strings.ToUpper(qtype), Answers: []string{}}
	if rec.Msg != nil {
		rcode = rec.Msg.Rcode
		for _, rr := range rec.Msg.Answer {
			out.TTLs = append(out.TTLs, rr.Header().Ttl)
			switch x := rr.(type) {
			case *dns.A:
				out.Answers = append(out.Answers, x.A.String())
			case *dns.AAAA:
				out.Answers = append(out.Answers, x.AAAA.String())
			case *dns.CNAME:
				out.Answers = append(out.Answers, x.Target)
			case *dns.SRV:
				out.Answers = append(out.Answers, fmt.Sprintf("%d %d %d %s", x.Priority, x.Weight, x.Port, x.Target))
			default:
				out.Answers = append(out.Answers, rr.String())
			}
		}
	} else if err != nil && rcode == dns.RcodeSuccess {
		rcode = dns.RcodeServerFailure
	}
	out.Rcode = dns.RcodeToString[rcode]
	sort.Strings(out.Answers)
	return out, nil
}

func main() {
	args := os.Args[1:]
	worldPath := ""
	var pos []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--world" && i+1 < len(args):
			worldPath = args[i+1]
			i++
		case strings.HasPrefix(args[i], "--world="):
			worldPath = strings.TrimPrefix(args[i], "--world=")
		case args[i] == "--format" && i+1 < len(args):
			i++
		default:
			pos = append(pos, args[i])
		}
	}
	if worldPath == "" || len(pos) == 0 {
		fmt.Fprintln(os.Stderr, "usage: dns-oracle NAME [A|AAAA|SRV|CNAME] --world FILE | dns-oracle batch --world FILE")
		os.Exit(2)
	}
	k, err := load(worldPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dns-oracle:", err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if pos[0] == "batch" {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 0 {
				continue
			}
			qt := "A"
			if len(f) > 1 {
				qt = f[1]
			}
			a, err := query(k, f[0], qt)
			if err != nil {
				enc.Encode(map[string]string{"error": err.Error()})
				continue
			}
			enc.Encode(a)
		}
		return
	}
	qt := "A"
	if len(pos) > 1 {
		qt = pos[1]
	}
	a, err := query(k, pos[0], qt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dns-oracle:", err)
		os.Exit(2)
	}
	enc.SetIndent("", "  ")
	enc.Encode(a)
	if a.Rcode == "NXDOMAIN" {
		os.Exit(1)
	}
}

var _ io.Reader
