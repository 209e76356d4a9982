import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

def build():
    """AKS with kubenet (pod CIDR 10.244.0.0/16, /24 per node, node subnet 10.224.0.0/16), Service
    range 10.0.0.0/16; dumped with `kubectl get svc,pods,endpointslices -A -o yaml` (no Nodes)."""
    c = Ctx('aks-kubenet', 77301, '2026-06-11T13:20:05Z', 'v1.33.5')
    t0 = c.t0
    n0 = ('aks-agentpool-31415926-vmss000000', '10.224.0.4', 'westeurope-1')
    n1 = ('aks-agentpool-31415926-vmss000001', '10.224.0.5', 'westeurope-2')
    pods = []
    def P(ns, name, labels, cts, nd, ip, **kw):
        hn = kw.get('host_network')
        p = pod(c, ns, name, labels, cts, nd[0], [nd[1]], [nd[1] if hn else ip], started=kw.pop('started', '2026-06-11T13:26:40Z'), **kw)
        pods.append(p); return p
    tol = [{'key': 'CriticalAddonsOnly', 'operator': 'Exists'},
           {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
           {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300}]
    cds = []
    for sfx, nd, ip in (('5lrkw', n0, '10.244.0.6'), ('vd8qh', n1, '10.244.1.3')):
        cds.append(P('kube-system', 'coredns-54b69f46b8-' + sfx, {'k8s-app': 'kube-dns', 'kubernetes.azure.com/managedby': 'aks', 'pod-template-hash': '54b69f46b8', 'version': 'v20'},
                     [container('coredns', 'mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.12.1-3', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP')])],
                     nd, ip, owner=rs_owner(c, 'kube-system', 'coredns-54b69f46b8'), gen_name='coredns-54b69f46b8-', sa='coredns', dns_policy='Default',
                     priority=(2000001000, 'system-node-critical'), tolerations=tol, qos='Burstable'))
    for nd in (n0, n1):
        P('kube-system', 'kube-proxy-' + suffix('kp' + nd[0]), {'component': 'kube-proxy', 'controller-revision-hash': '79d5c8b6f4', 'pod-template-generation': '1', 'tier': 'node'},
          [container('kube-proxy', 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.33.5')], nd, None, owner=ds_owner(c, 'kube-system', 'kube-proxy'),
          gen_name='kube-proxy-', host_network=True, sa='kube-proxy', priority=(2000001000, 'system-node-critical'), tolerations=tol, qos='Burstable')
    ts = '2026-11-03T08:05:00Z'
    api = []
    for sfx, nd, ip in (('j6x2p', n0, '10.244.0.19'), ('m9c4t', n1, '10.244.1.22')):
        api.append(P('orders', 'orders-api-58c7d9f6b4-' + sfx, {'app': 'orders-api', 'pod-template-hash': '58c7d9f6b4'},
                     [container('api', 'contosoregistry.azurecr.io/orders/api:5.1.0', [(5000, 'http', 'TCP')])], nd, ip,
                     owner=rs_owner(c, 'orders', 'orders-api-58c7d9f6b4'), gen_name='orders-api-58c7d9f6b4-', started=ts))
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 443)], cips=['10.0.0.1'], labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP')], selector={'k8s-app': 'kube-dns'}, cips=['10.0.0.10'],
                   labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   created=bump(t0, 90))
    osvc = service(c, 'orders', 'orders-api', [sport('http', 80, 'http')], selector={'app': 'orders-api'}, cips=['10.0.118.42'], created=ts)
    ilb = service(c, 'orders', 'orders-api-internal', [sport('http', 80, 'http', node_port=30555)], typ='LoadBalancer', selector={'app': 'orders-api'},
                  cips=['10.0.77.250'], annotations={'service.beta.kubernetes.io/azure-load-balancer-internal': 'true'},
                  lb_ingress=[{'ip': '10.224.0.100', 'ipMode': 'VIP'}], created=ts, extra_spec={'loadBalancerSourceRanges': ['10.224.0.0/16', '10.30.0.0/16']})
    ilb['metadata']['finalizers'] = ['service.kubernetes.io/load-balancer-cleanup']
    svcs = [kube, kdns, osvc, ilb]
    Z = {n0[0]: n0[2], n1[0]: n1[2]}
    def E(p): return (p, p['status']['podIP'], True, Z[p['spec']['nodeName']])
    slices = [kubernetes_slice(c, 'IPv4', ['52.174.88.201'], 443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(p) for p in cds]); s['ports'] = [{'name': 'dns', 'port': 53, 'protocol': 'UDP'}, {'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, osvc, 'IPv4', [E(p) for p in api]); s['ports'] = [{'name': 'http', 'port': 5000, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, ilb, 'IPv4', [E(p) for p in api]); s['ports'] = [{'name': 'http', 'port': 5000, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=key) + sorted(pods, key=key) + sorted(slices, key=key))

if __name__ == '__main__':
    sys.stdout.write(dump(build()))
