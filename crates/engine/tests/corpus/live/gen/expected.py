"""Write ../expected.json: what each live dump implies the engine should show (see ../README.md)."""
import glob, ipaddress, json, os, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CLUSTER = {
 'aks-azure-cni-overlay': {'distribution': 'AKS (Azure CNI Overlay)', 'kubernetesVersion': 'v1.33.5', 'serviceCIDRs': ['10.0.0.0/16'], 'podCIDRs': ['10.244.0.0/16'], 'dnsServiceIP': '10.0.0.10', 'nodes': 'in the dump (3)'},
 'aks-kubenet-no-nodes': {'distribution': 'AKS (kubenet)', 'kubernetesVersion': 'v1.33.5', 'serviceCIDRs': ['10.0.0.0/16'], 'podCIDRs': ['10.244.0.0/16'], 'dnsServiceIP': '10.0.0.10', 'nodes': 'not in the dump: aks-agentpool-31415926-vmss000000 (10.224.0.4), aks-agentpool-31415926-vmss000001 (10.224.0.5), known from the pods'},
 'eks-vpc-cni': {'distribution': 'EKS (Amazon VPC CNI)', 'kubernetesVersion': 'v1.33.5-eks-113cf36', 'serviceCIDRs': ['172.20.0.0/16'], 'podCIDRs': None, 'podAddresses': 'VPC subnets 10.0.1.0/24, 10.0.2.0/24, 10.0.3.0/24 (nodes have no spec.podCIDR)', 'dnsServiceIP': '172.20.0.10', 'nodes': 'in the dump (3)'},
 'eks-no-nodes': {'distribution': 'EKS (Amazon VPC CNI, eksctl VPC 192.168.0.0/16)', 'kubernetesVersion': 'v1.33.5-eks-113cf36', 'serviceCIDRs': ['10.100.0.0/16'], 'podCIDRs': None, 'podAddresses': 'VPC 192.168.0.0/16', 'dnsServiceIP': '10.100.0.10', 'nodes': 'not in the dump: ip-192-168-28-117.us-west-2.compute.internal (192.168.28.117), ip-192-168-61-9.us-west-2.compute.internal (192.168.61.9)'},
 'gke-standard': {'distribution': 'GKE Standard (VPC-native)', 'kubernetesVersion': 'v1.33.5-gke.1080000', 'serviceCIDRs': ['34.118.224.0/20'], 'podCIDRs': ['10.52.0.0/14'], 'dnsServiceIP': '34.118.224.10', 'nodes': 'in the dump (3)'},
 'kind-dual-stack': {'distribution': 'kind, networking.ipFamily dual', 'kubernetesVersion': 'v1.34.0', 'serviceCIDRs': ['10.96.0.0/16', 'fd00:10:96::/112'], 'podCIDRs': ['10.244.0.0/16', 'fd00:10:244::/56'], 'dnsServiceIP': '10.96.0.10', 'nodes': 'in the dump (3); kubeadm-config, kube-proxy, kubelet-config and coredns ConfigMaps in a second List'},
 'k3s-servicelb': {'distribution': 'k3s (flannel, ServiceLB, Traefik)', 'kubernetesVersion': 'v1.33.5+k3s1', 'serviceCIDRs': ['10.43.0.0/16'], 'podCIDRs': ['10.42.0.0/16'], 'dnsServiceIP': '10.43.0.10', 'nodes': 'in the dump (2)'},
}

def addr_key(s):
    a, p = (s[1:].split(']:') if s.startswith('[') else s.rsplit(':', 1))
    ip = ipaddress.ip_address(a)
    return (ip.version, int(ip), int(p))

def main():
    out = {'comment': "Expected engine view of each live dump in this folder, derived from the dump itself (it is the state a cluster wrote). Per Service: clusterIPs/ipFamilies as stored, ports with nodePort, and the v1 Endpoints view (primary family = ipFamilies[0]; ready / notReady from the EndpointSlices the dump holds, terminating endpoints left out, lists sorted by address (numerically) then port; IPv6 written [addr]:port). default/kubernetes: from the API server's own slice (its v1 Endpoints object is not in the dump).",
           'dumps': {}}
    for f in sorted(glob.glob(os.path.join(HERE, '..', '*.yaml'))):
        name = os.path.basename(f)[:-5]
        items = [i for d in yaml.safe_load_all(open(f)) for i in d['items']]
        slices = [i for i in items if i['kind'] == 'EndpointSlice']
        svcs = []
        for s in (i for i in items if i['kind'] == 'Service'):
            ns, sname = s['metadata']['namespace'], s['metadata']['name']
            fam = s['spec']['ipFamilies'][0]
            mine = [x for x in slices if x['metadata']['namespace'] == ns and x['addressType'] == fam
                    and x['metadata']['labels'].get('kubernetes.io/service-name') == sname]
            ports = []
            for p in s['spec']['ports']:
                ready, nready = set(), set()
                for sl in mine:
                    for sp in sl['ports']:
                        if sp['name'] != p.get('name', '') or sp['protocol'] != p['protocol']:
                            continue
                        for e in sl.get('endpoints', []):
                            if e['conditions'].get('terminating'):
                                continue
                            a = e['addresses'][0]
                            (ready if e['conditions'].get('ready') else nready).add(('[%s]:%d' if ':' in a else '%s:%d') % (a, sp['port']))
                ports.append({'name': p.get('name', ''), 'port': p['port'], 'protocol': p['protocol'], 'targetPort': p['targetPort'],
                              'nodePort': p.get('nodePort'),
                              'endpoints': {'ready': sorted(ready, key=addr_key), 'notReady': sorted(nready, key=addr_key)}})
            entry = {'namespace': ns, 'name': sname, 'type': s['spec']['type'], 'clusterIPs': s['spec']['clusterIPs'],
                     'ipFamilies': s['spec']['ipFamilies'], 'ipFamilyPolicy': s['spec']['ipFamilyPolicy'], 'ports': ports}
            if s['status']['loadBalancer'].get('ingress'):
                entry['loadBalancerIngress'] = s['status']['loadBalancer']['ingress']
            svcs.append(entry)
        out['dumps'][name] = {'cluster': CLUSTER[name], 'services': sorted(svcs, key=lambda x: (x['namespace'], x['name']))}
    with open(os.path.join(HERE, '..', 'expected.json'), 'w') as fh:
        fh.write(json.dumps(out, indent=1) + '\n')

if __name__ == '__main__':
    main()
