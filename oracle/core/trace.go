package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	v1 "k8s.io/api/core/v1"
	discovery "k8s.io/api/discovery/v1"
	"k8s.io/kubernetes/pkg/proxy/iptables"
	utiliptables "k8s.io/kubernetes/pkg/util/iptables"
	iptablestest "k8s.io/kubernetes/pkg/util/iptables/testing"
)

// The address an off-cluster client uses (TEST-NET-3); it is in no pod CIDR and no node.
const externalClientIP = "203.0.113.10"

// The same for IPv6 (the documentation prefix, RFC 3849).
const externalClientIPv6 = "2001:db8::10"

// kube-proxy's informers (cmd/kube-proxy/app/server.go, where the selectors are built inside
// ProxyServer.Run, so they are restated here): Services without the service-proxy-name label and
// with a cluster IP; EndpointSlices without the headless label. Up to 1.35 the Service informer
// also required the headless label to be absent (one selector for both informers).
func proxyWatchesService(s *v1.Service) bool {
	_, named := s.Labels["service.kubernetes.io/service-proxy-name"]
	if _, headless := s.Labels[v1.IsHeadlessService]; headless && minor() <= 35 {
		return false
	}
	return !named && s.Spec.ClusterIP != v1.ClusterIPNone
}

// kubernetesMinor is the minor version of the k8s.io/kubernetes module this binary links.
func kubernetesMinor() int {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "k8s.io/kubernetes" {
				v := m.Version
				if m.Replace != nil && m.Replace.Version != "" {
					v = m.Replace.Version
				}
				var major, minor int
				if _, err := fmt.Sscanf(v, "v%d.%d", &major, &minor); err == nil {
					return minor
				}
				// A local replacement (the build's symlink mirror) is named after the version.
				if m.Replace != nil {
					if i := strings.LastIndex(m.Replace.Path, "@v"); i >= 0 {
						fmt.Sscanf(m.Replace.Path[i+1:], "v%d.%d", &major, &minor)
						return minor
					}
				}
			}
		}
	}
	return 99
}

func proxyWatchesSlice(s *discovery.EndpointSlice) bool {
	_, headless := s.Labels[v1.IsHeadlessService]
	// Up to 1.35 the slice informer used the Services' selector too (no service-proxy-name).
	if _, named := s.Labels["service.kubernetes.io/service-proxy-name"]; named && minor() <= 35 {
		return false
	}
	return !headless
}

func nodeIP(n *v1.Node) string { return nodeIPOf(n, false) }

// nodeIPOf is the node's InternalIP (else any address) of a family, as kube-proxy picks its
// node IP per family.
func nodeIPOf(n *v1.Node, v6 bool) string {
	fam := func(s string) bool { ip := net.ParseIP(s); return ip != nil && (ip.To4() == nil) == v6 }
	for _, a := range n.Status.Addresses {
		if a.Type == v1.NodeInternalIP && fam(a.Address) {
			return a.Address
		}
	}
	for _, a := range n.Status.Addresses {
		if fam(a.Address) {
			return a.Address
		}
	}
	return ""
}

type tracePod struct {
	Namespace   string  `json:"namespace"`
	Name        string  `json:"name"`
	IP          string  `json:"ip"`
	Port        int     `json:"port"`
	Probability float64 `json:"probability"`
}

type traceResult struct {
	Verdict string     `json:"verdict"`
	Reason  string     `json:"reason,omitempty"`
	Node    string     `json:"node"`
	Source  string     `json:"sourceIP"`
	Pods    []tracePod `json:"pods"`
	Masq    bool       `json:"masquerade"`
	Rules   []string   `json:"rules,omitempty"`
}

func cmdTrace(argv []string, stdin io.Reader) (any, int, error) {
	a, err := parseArgs(argv, "--from", "--to", "--protocol", "--engine", "--world", "--rules")
	if err != nil {
		return nil, 2, err
	}
	var w *world
	if f := a.flags["--world"]; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, 2, usageError{err.Error()}
		}
		w = &world{}
		if err := json.Unmarshal(b, w); err != nil {
			return nil, 2, usageError{err.Error()}
		}
		if w.Cluster != nil {
			current = w.Cluster
		}
	} else if f := a.flags["--engine"]; f != "" {
		eng, err := readEngine(f)
		if err != nil {
			return nil, 2, err
		}
		w = buildWorld(eng)
	} else {
		return nil, 2, usageError{"trace needs --engine FILE or --world FILE"}
	}
	proto := strings.ToUpper(a.flags["--protocol"])
	if proto == "" {
		proto = "TCP"
	}
	r, err := trace(w, a.flags["--from"], a.flags["--to"], proto, a.flags["--rules"] != "")
	if err != nil {
		return nil, 2, err
	}
	code := 0
	if r.Verdict != "delivered" {
		code = 1
	}
	return r, code, nil
}

func trace(w *world, from, to, proto string, withRules bool) (*traceResult, error) {
	host, portStr, err := net.SplitHostPort(to)
	if err != nil {
		return nil, usageError{"bad --to: " + err.Error()}
	}
	dport, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, usageError{"bad --to port"}
	}
	if net.ParseIP(host) == nil {
		// NAME[.NAMESPACE]: the Service's cluster IP, as the source's resolver would find it.
		name, ns, _ := strings.Cut(host, ".")
		if ns == "" {
			ns = "default"
		}
		for _, s := range w.Services {
			if s.Name == name && s.Namespace == ns {
				host = s.Spec.ClusterIP
			}
		}
		if net.ParseIP(host) == nil {
			return nil, usageError{"cannot resolve " + host}
		}
	}
	// kube-proxy runs one proxier per IP family: the destination's.
	v6 := net.ParseIP(host).To4() == nil
	nodeIP := func(n *v1.Node) string { return nodeIPOf(n, v6) }
	nodes := map[string]*v1.Node{}
	for _, n := range w.Nodes {
		nodes[n.Name] = n
	}
	var node *v1.Node
	var srcIP string
	output := false
	switch {
	case strings.HasPrefix(from, "pod:"):
		ns, name, ok := strings.Cut(strings.TrimPrefix(from, "pod:"), "/")
		if !ok {
			ns, name = "default", ns
		}
		for _, p := range w.Pods {
			if p.Namespace == ns && p.Name == name {
				node = nodes[p.Spec.NodeName]
				for _, x := range p.Status.PodIPs {
					if ip := net.ParseIP(x.IP); ip != nil && (ip.To4() == nil) == v6 && srcIP == "" {
						srcIP = x.IP
					}
				}
			}
		}
		if node == nil || srcIP == "" {
			return nil, usageError{"no such pod with an IP on a known node: " + from}
		}
	case strings.HasPrefix(from, "external@"):
		node = nodes[strings.TrimPrefix(from, "external@")]
		srcIP = externalClientIP
		if v6 {
			srcIP = externalClientIPv6
		}
	case strings.HasPrefix(from, "host:"):
		node = nodes[strings.TrimPrefix(from, "host:")]
		if node != nil {
			srcIP = nodeIP(node)
		}
		output = true
	}
	if node == nil {
		return nil, usageError{"unknown source " + from}
	}
	// A packet addressed to a node's own address is handled by that node (from another node's
	// host it then arrives from outside, through PREROUTING).
	for _, n := range w.Nodes {
		if nodeIP(n) == host && n.Name != node.Name {
			node = n
			output = false
		}
	}
	ipt := iptablestest.NewFake()
	loopback := "127.0.0.1"
	if v6 {
		ipt = iptablestest.NewIPv6Fake()
		loopback = "::1"
	}
	// --detect-local-mode=ClusterCIDR with the cluster's pod CIDR of this family.
	clusterCIDR := cidrOfFamily(current.PodCIDRs, v6)
	if clusterCIDR == "" {
		return nil, usageError{"the cluster has no pod CIDR of the destination's family"}
	}
	p := iptables.NewOracleProxier(ipt, node.Name, []string{nodeIP(node)}, clusterCIDR, nil)
	// What kube-proxy's node-topology handler (pkg/proxy/config NodeTopologyConfig) does with
	// the Node's labels.
	p.OnTopologyChange(node.Labels)
	for _, s := range w.Services {
		if proxyWatchesService(s) {
			p.OnServiceAdd(s)
		}
	}
	for _, s := range w.EndpointSlices {
		if proxyWatchesSlice(s) {
			p.OnEndpointSliceAdd(s)
		}
	}
	p.OnServiceSynced()
	p.OnEndpointSlicesSynced()

	t := &tracer{dump: ipt.Dump, local: map[string]bool{nodeIP(node): true, loopback: true}}
	res := &traceResult{Node: node.Name, Source: srcIP, Pods: []tracePod{}}
	pkt := packet{src: srcIP, dst: host, dport: dport, proto: strings.ToLower(proto)}
	natChain := "PREROUTING"
	if output {
		natChain = "OUTPUT"
	}
	branches := t.run("nat", natChain, pkt, 1)
	delivered, dropped := 0.0, 0.0
	var reasons []string
	for _, b := range branches {
		if b.verdict == "DROP" || b.verdict == "REJECT" {
			dropped += b.weight
			reasons = append(reasons, "nat: "+b.verdict)
			continue
		}
		dst, dp := host, dport
		if b.dnat != "" {
			h, ps, _ := net.SplitHostPort(b.dnat)
			dst = h
			dp, _ = strconv.Atoi(ps)
		}
		fp := packet{src: srcIP, dst: dst, dport: dp, proto: pkt.proto}
		verdict := ""
		for _, ch := range []string{"KUBE-PROXY-FIREWALL", "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS"} {
			for _, fb := range t.run("filter", ch, fp, 1) {
				if fb.verdict == "DROP" || fb.verdict == "REJECT" {
					verdict = fb.verdict
				}
			}
			if verdict != "" {
				break
			}
		}
		if verdict != "" {
			dropped += b.weight
			reasons = append(reasons, "filter "+verdict)
			continue
		}
		if b.dnat == "" {
			// Not intercepted: the packet goes where its address leads.
			if t.local[dst] {
				// Addressed to the node itself and not rewritten: whatever listens on the host
				// (not modeled) answers; kube-proxy has no rule for it.
				dropped += b.weight
				reasons = append(reasons, "not intercepted: no kube-proxy rule for "+to+" on the node")
				continue
			}
			pod := podByIP(w, dst)
			if pod == nil {
				dropped += b.weight
				reasons = append(reasons, "not intercepted: no rule for "+to)
				continue
			}
			res.Pods = append(res.Pods, tracePod{pod.Namespace, pod.Name, dst, dp, b.weight})
			delivered += b.weight
			continue
		}
		if b.masq {
			res.Masq = true
		}
		tp := tracePod{IP: dst, Port: dp, Probability: b.weight}
		if pod := podByIP(w, dst); pod != nil {
			tp.Namespace, tp.Name = pod.Namespace, pod.Name
		}
		res.Pods = append(res.Pods, tp)
		delivered += b.weight
	}
	res.Pods = mergePods(res.Pods)
	if delivered > 0 {
		res.Verdict = "delivered"
	} else {
		res.Verdict = "dropped"
		res.Reason = strings.Join(dedupe(reasons), "; ")
	}
	if withRules {
		res.Rules = t.matched
	}
	return res, nil
}

func podByIP(w *world, ip string) *v1.Pod {
	for _, p := range w.Pods {
		for _, x := range p.Status.PodIPs {
			if x.IP == ip && p.Status.Phase != v1.PodSucceeded && p.Status.Phase != v1.PodFailed {
				return p
			}
		}
	}
	return nil
}

func mergePods(ps []tracePod) []tracePod {
	m := map[string]*tracePod{}
	var keys []string
	for i := range ps {
		k := fmt.Sprintf("%s:%d", ps[i].IP, ps[i].Port)
		if x, ok := m[k]; ok {
			x.Probability += ps[i].Probability
			continue
		}
		p := ps[i]
		m[k] = &p
		keys = append(keys, k)
	}
	out := []tracePod{}
	for _, k := range keys {
		out = append(out, *m[k])
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Namespace+"/"+a.Name != b.Namespace+"/"+b.Name {
			return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
		}
		return fmt.Sprintf("%s:%d", a.IP, a.Port) < fmt.Sprintf("%s:%d", b.IP, b.Port)
	})
	return out
}

func dedupe(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ---- the packet tracer (project code): walks one node's iptables-restore data as parsed by
// upstream's exported iptables/testing parser, for the first packet of a new connection.

type packet struct {
	src, dst string
	dport    int
	proto    string
}

type branch struct {
	weight  float64
	verdict string // "", ACCEPT, DROP, REJECT, DNAT
	dnat    string
	masq    bool
}

type tracer struct {
	dump    *iptablestest.IPTablesDump
	local   map[string]bool
	matched []string
}

// run walks chain for pkt with the given branch weight and returns the branches that leave it:
// terminal verdicts, DNATs, or fall-through (verdict "").
func (t *tracer) run(table, chain string, pkt packet, weight float64) []branch {
	return t.walk(utiliptables.Table(table), utiliptables.Chain(chain), pkt, branch{weight: weight}, 0)
}

func (t *tracer) walk(table utiliptables.Table, chain utiliptables.Chain, pkt packet, in branch, depth int) []branch {
	if depth > 50 {
		return []branch{in}
	}
	c, err := t.dump.GetChain(table, chain)
	if err != nil {
		return []branch{in}
	}
	var out []branch
	cur := in
	for _, r := range c.Rules {
		if cur.weight <= 1e-12 {
			return out
		}
		if !t.matches(r, pkt) {
			continue
		}
		t.matched = append(t.matched, r.Raw)
		p := 1.0
		if r.Probability != nil {
			p, _ = strconv.ParseFloat(r.Probability.Value, 64)
		}
		taken := cur
		taken.weight = cur.weight * p
		cur.weight = cur.weight * (1 - p)
		if r.Jump == nil {
			cur.weight += taken.weight
			continue
		}
		switch j := r.Jump.Value; j {
		case "ACCEPT", "DROP", "REJECT":
			taken.verdict = j
			out = append(out, taken)
		case "DNAT":
			taken.verdict = "DNAT"
			taken.dnat = r.DNATDestination.Value
			out = append(out, taken)
		case "RETURN":
			out = append(out, taken) // back to the caller, fall-through there
			return out
		case "MARK":
			if strings.Contains(r.Raw, "--set-xmark 0x4000") {
				taken.masq = true
			}
			cur.weight += taken.weight
			cur.masq = cur.masq || taken.masq
		case "MASQUERADE", "SNAT", "LOG":
			cur.weight += taken.weight
		case "KUBE-MARK-MASQ":
			cur.weight += taken.weight
			cur.masq = true
		default:
			for _, b := range t.walk(table, utiliptables.Chain(j), pkt, taken, depth+1) {
				if b.verdict == "" {
					// fell through (or returned): continue in this chain with that weight
					cur.weight += b.weight
					cur.masq = cur.masq || b.masq
				} else {
					out = append(out, b)
				}
			}
		}
	}
	if cur.weight > 1e-12 {
		out = append(out, cur)
	}
	return out
}

func (t *tracer) matches(r *iptablestest.Rule, pkt packet) bool {
	if r.Protocol != nil && !neg(r.Protocol, r.Protocol.Value == pkt.proto) {
		return false
	}
	if r.SourceAddress != nil && !neg(r.SourceAddress, addrMatch(r.SourceAddress.Value, pkt.src)) {
		return false
	}
	if r.SourceType != nil && !neg(r.SourceType, r.SourceType.Value == "LOCAL" && t.local[pkt.src]) {
		return false
	}
	if r.DestinationAddress != nil && !neg(r.DestinationAddress, addrMatch(r.DestinationAddress.Value, pkt.dst)) {
		return false
	}
	if r.DestinationType != nil && !neg(r.DestinationType, r.DestinationType.Value == "LOCAL" && t.local[pkt.dst]) {
		return false
	}
	if r.DestinationPort != nil && !neg(r.DestinationPort, r.DestinationPort.Value == strconv.Itoa(pkt.dport)) {
		return false
	}
	if r.SourcePort != nil {
		return false
	}
	// A new connection: no affinity entry yet, no mark set before these chains, state NEW.
	if r.AffinityCheck != nil {
		return false
	}
	if r.MarkCheck != nil && !r.MarkCheck.Negated {
		return false
	}
	if r.CTStateCheck != nil && !neg(r.CTStateCheck, strings.Contains(r.CTStateCheck.Value, "NEW")) {
		return false
	}
	if r.MatchSet != nil {
		return false
	}
	return true
}

func neg(v *iptablestest.IPTablesValue, b bool) bool {
	if v.Negated {
		return !b
	}
	return b
}

func addrMatch(spec, ip string) bool {
	if strings.Contains(spec, "/") {
		_, n, err := net.ParseCIDR(spec)
		return err == nil && n.Contains(net.ParseIP(ip))
	}
	return net.ParseIP(spec).Equal(net.ParseIP(ip))
}
