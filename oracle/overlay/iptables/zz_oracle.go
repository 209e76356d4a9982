// Project file compiled into k8s.io/kubernetes/pkg/proxy/iptables by `go build -overlay`
// (oracle/hack/build.sh). A constructor for a Proxier over upstream's exported fakes (fake
// iptables, conntrack, health server, network), set up like a kubeadm node's kube-proxy in
// iptables mode: --detect-local-mode=ClusterCIDR, no nodePortAddresses, localhostNodePorts on,
// masquerade bit 14. Nothing here is upstream code.

package iptables

import (
	"bytes"
	"fmt"
	"net"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/proxy"
	"k8s.io/kubernetes/pkg/proxy/conntrack"
	"k8s.io/kubernetes/pkg/proxy/healthcheck"
	"k8s.io/kubernetes/pkg/proxy/metrics"
	"k8s.io/kubernetes/pkg/proxy/runner"
	proxyutil "k8s.io/kubernetes/pkg/proxy/util"
	proxyutiltest "k8s.io/kubernetes/pkg/proxy/util/testing"
	utiliptables "k8s.io/kubernetes/pkg/util/iptables"
)

// NewOracleProxier returns a proxier of the IP family of ipt (IPv6 when ipt.IsIPv6()) for node
// nodeName whose addresses are nodeIPs (the first is the node IP), with clusterCIDR as the
// local-traffic detector's CIDR (kube-proxy runs one such proxier per family).
func NewOracleProxier(ipt utiliptables.Interface, nodeName string, nodeIPs []string, clusterCIDR string, topologyLabels map[string]string) *Proxier {
	family := v1.IPv4Protocol
	lo4, bits, mask := &net.IPNet{IP: net.ParseIP("127.0.0.1"), Mask: net.CIDRMask(8, 32)}, 32, 24
	if ipt.IsIPv6() {
		family = v1.IPv6Protocol
		lo4, bits, mask = &net.IPNet{IP: net.ParseIP("::1"), Mask: net.CIDRMask(128, 128)}, 128, 64
	}
	network := proxyutiltest.NewFakeNetwork()
	lo := net.Interface{Index: 0, Name: "lo"}
	network.AddInterfaceAddr(&lo, []net.Addr{lo4})
	eth := net.Interface{Index: 1, Name: "eth0"}
	var addrs []net.Addr
	for _, ip := range nodeIPs {
		addrs = append(addrs, &net.IPNet{IP: net.ParseIP(ip), Mask: net.CIDRMask(mask, bits)})
	}
	network.AddInterfaceAddr(&eth, addrs)
	p := &Proxier{
		ipFamily:                 family,
		svcPortMap:               make(proxy.ServicePortMap),
		serviceChanges:           proxy.NewServiceChangeTracker(family, newServiceInfo, nil),
		endpointsMap:             make(proxy.EndpointsMap),
		endpointsChanges:         proxy.NewEndpointsChangeTracker(family, nodeName, newEndpointInfo, nil),
		topologyLabels:           topologyLabels,
		needFullSync:             true,
		iptables:                 ipt,
		masqueradeMark:           fmt.Sprintf("%#08x", 1<<14),
		conntrack:                conntrack.NewFake(),
		localDetector:            proxyutil.NewDetectLocalByCIDR(clusterCIDR),
		nodeName:                 nodeName,
		nodeIP:                   net.ParseIP(nodeIPs[0]),
		serviceHealthServer:      healthcheck.NewFakeServiceHealthServer(),
		precomputedProbabilities: make([]string, 0, 1001),
		iptablesData:             bytes.NewBuffer(nil),
		existingFilterChainsData: bytes.NewBuffer(nil),
		filterChains:             proxyutil.NewLineBuffer(),
		filterRules:              proxyutil.NewLineBuffer(),
		natChains:                proxyutil.NewLineBuffer(),
		natRules:                 proxyutil.NewLineBuffer(),
		localhostNodePorts:       true,
		nodePortAddresses:        proxyutil.NewNodePortAddresses(family, nil),
		networkInterfacer:        network,
		logger:                   klog.Background(),
		nfAcctCounters: map[string]bool{
			metrics.IPTablesCTStateInvalidDroppedNFAcctCounter: true,
			metrics.LocalhostNodePortAcceptedNFAcctCounter:     true,
		},
	}
	p.syncRunner = runner.NewBoundedFrequencyRunner("oracle-sync-runner", p.syncProxyRules, 0, time.Minute, time.Hour)
	return p
}
