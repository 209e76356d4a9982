package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/version"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	kubeadmconstants "k8s.io/kubernetes/cmd/kubeadm/app/constants"
	netutils "k8s.io/utils/net"
)

// clusterConfig is the configuration of the simulated cluster: what kube-apiserver's flags
// (--service-cluster-ip-range, --service-node-port-range, --emulated-version), the
// kube-controller-manager's --cluster-cidr, kube-proxy's detect-local CIDR, CoreDNS's zone and the
// Node objects say in a real cluster. It is read from `svcplay cluster --format json` (the
// resolved settings: configuration, not the answer under test; oracle/README.md), and defaults to
// a kubeadm cluster.
type clusterConfig struct {
	ServiceCIDRs  []string      `json:"serviceCIDRs"`
	PodCIDRs      []string      `json:"podCIDRs"`
	NodePortRange string        `json:"nodePortRange"`
	Domain        string        `json:"clusterDomain"`
	Minor         int           `json:"minor"`
	ProxyMode     string        `json:"proxyMode"`
	NodesFrom     string        `json:"nodesFrom"`
	Nodes         []clusterNode `json:"nodes"`
	// What kubeadm derives from the Service CIDRs: default/kubernetes' and kube-dns' clusterIPs.
	KubernetesIP string `json:"kubernetesIP"`
	DNSIP        string `json:"dnsIP"`
}

type clusterNode struct {
	Name        string   `json:"name"`
	InternalIPs []string `json:"internalIPs"`
	PodCIDRs    []string `json:"podCIDRs"`
	Ready       bool     `json:"ready"`
	Zone        string   `json:"zone"`
}

// defaultCluster is kubeadm's: cmd/kubeadm/app/apis/kubeadm/v1beta4 defaults (serviceSubnet,
// dnsDomain), kube-apiserver's default nodePort range, flannel/kubeadm's usual pod CIDR, and
// the playground's three nodes.
func defaultCluster() *clusterConfig {
	c := &clusterConfig{ServiceCIDRs: []string{"10.96.0.0/12"}, PodCIDRs: []string{"10.244.0.0/16"},
		NodePortRange: "30000-32767", Domain: "cluster.local", Minor: 37, ProxyMode: "iptables", NodesFrom: "default"}
	for i, s := range []string{"a", "b", "c"} {
		c.Nodes = append(c.Nodes, clusterNode{Name: "node-" + s, InternalIPs: []string{fmt.Sprintf("192.168.1.%d", 11+i)},
			PodCIDRs: []string{fmt.Sprintf("10.244.%d.0/24", i+1)}, Ready: true, Zone: "zone-" + s})
	}
	c.derive()
	return c
}

// derive fills what kubeadm computes from the Service CIDRs (constants.GetAPIServerVirtualIP,
// GetDNSIP: the first and the tenth address of the primary range).
func (c *clusterConfig) derive() {
	list := strings.Join(c.ServiceCIDRs, ",")
	if ip, err := kubeadmconstants.GetAPIServerVirtualIP(list); err == nil {
		c.KubernetesIP = ip.String()
	}
	if ip, err := kubeadmconstants.GetDNSIP(list); err == nil {
		c.DNSIP = ip.String()
	}
}

// readCluster reads `svcplay cluster --format json`.
func readCluster(path string) (*clusterConfig, error) {
	if path == "" {
		return defaultCluster(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usageError{fmt.Sprintf("cannot read %s: %v", path, err)}
	}
	var raw struct {
		ServiceCIDRs struct{ Value []string } `json:"serviceCIDRs"`
		PodCIDRs     struct{ Value []string } `json:"podCIDRs"`
		NodePort     struct{ Value string }   `json:"nodePortRange"`
		Domain       struct{ Value string }   `json:"clusterDomain"`
		Version      struct{ Value string }   `json:"kubernetesVersion"`
		ProxyMode    struct{ Value string }   `json:"proxyMode"`
		Nodes        struct {
			From  string        `json:"from"`
			Value []clusterNode `json:"value"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, usageError{fmt.Sprintf("%s is not svcplay cluster JSON: %v", path, err)}
	}
	c := defaultCluster()
	if len(raw.ServiceCIDRs.Value) > 0 {
		c.ServiceCIDRs = raw.ServiceCIDRs.Value
	}
	if len(raw.PodCIDRs.Value) > 0 {
		c.PodCIDRs = raw.PodCIDRs.Value
	}
	if raw.NodePort.Value != "" {
		c.NodePortRange = raw.NodePort.Value
	}
	if raw.Domain.Value != "" {
		c.Domain = raw.Domain.Value
	}
	if v, err := version.ParseGeneric(raw.Version.Value); err == nil {
		c.Minor = int(v.Minor())
	} else if _, m, ok := strings.Cut(raw.Version.Value, "."); ok {
		if n, err := strconv.Atoi(m); err == nil {
			c.Minor = n
		}
	}
	if raw.ProxyMode.Value != "" {
		c.ProxyMode = raw.ProxyMode.Value
	}
	if raw.Nodes.From != "" {
		c.NodesFrom = raw.Nodes.From
		c.Nodes = raw.Nodes.Value
	}
	c.derive()
	return c, nil
}

// current is the configuration of the command being answered.
var current = defaultCluster()

// useCluster configures the process for c: the feature gates as kube-apiserver
// --emulated-version=1.<minor> sets them (component-base's versioned feature gates), when the
// binary can emulate that release (at most three minors back, KEP-4330).
func useCluster(c *clusterConfig) error {
	current = c
	bin := kubernetesMinor()
	m := c.Minor
	if m > bin {
		m = bin
	}
	if m < bin-3 {
		return fmt.Errorf("this build (1.%d) cannot emulate Kubernetes 1.%d: use the 1.34 build", bin, c.Minor)
	}
	return utilfeature.DefaultMutableFeatureGate.SetEmulationVersion(version.MajorMinor(1, uint(m)))
}

// minor is the Kubernetes minor version the cluster runs (restated upstream behaviour that is
// not behind a feature gate reads it).
func minor() int {
	if current.Minor != 0 && current.Minor < kubernetesMinor() {
		return current.Minor
	}
	return kubernetesMinor()
}

// cidrOfFamily is the first of cidrs in the family of ip (v6 or not).
func cidrOfFamily(cidrs []string, v6 bool) string {
	for _, c := range cidrs {
		_, n, err := net.ParseCIDR(c)
		if err == nil && netutils.IsIPv6CIDR(n) == v6 {
			return c
		}
	}
	return ""
}
