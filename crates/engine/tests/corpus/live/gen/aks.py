import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

def aks_node(c, i, ip, cidr, zone, created, pool='nodepool1', vmss='12345678', rg='MC_rg-shop_aks-shop_eastus', overlay=True):
    name = 'aks-%s-%s-vmss%06d' % (pool, vmss, i)
    labels = {'agentpool': pool, 'kubernetes.azure.com/agentpool': pool,
              'kubernetes.azure.com/cluster': rg, 'kubernetes.azure.com/consolidated-additional-properties': 'a3c9f1e0-5b2d-4f7e-9c11-0e6d2a7b4c58',
              'kubernetes.azure.com/kubelet-identity-client-id': '6d0f3b2a-91c4-4e8a-b7f5-2c1e9a04d3b6',
              'kubernetes.azure.com/mode': 'system', 'kubernetes.azure.com/network-policy': 'none',
              'kubernetes.azure.com/node-image-version': 'AKSUbuntu-2204gen2containerd-202511.03.0',
              'kubernetes.azure.com/nodepool-type': 'VirtualMachineScaleSets', 'kubernetes.azure.com/os-sku': 'Ubuntu',
              'kubernetes.azure.com/role': 'agent', 'kubernetes.azure.com/storageprofile': 'managed',
              'kubernetes.azure.com/storagetier': 'Premium_LRS', 'kubernetes.io/role': 'agent',
              'node-role.kubernetes.io/agent': '', 'node.kubernetes.io/instance-type': 'Standard_D4ds_v5',
              'storageprofile': 'managed', 'storagetier': 'Premium_LRS',
              'topology.disk.csi.azure.com/zone': zone, 'topology.kubernetes.io/region': 'eastus',
              'topology.kubernetes.io/zone': zone, 'failure-domain.beta.kubernetes.io/region': 'eastus',
              'failure-domain.beta.kubernetes.io/zone': zone}
    if overlay:
        labels['kubernetes.azure.com/azure-cni-overlay'] = 'true'
        labels['kubernetes.azure.com/network-name'] = 'aks-vnet-31415926'
        labels['kubernetes.azure.com/network-subnet'] = 'aks-subnet'
    ann = {'csi.volume.kubernetes.io/nodeid': '{"disk.csi.azure.com":"%s","file.csi.azure.com":"%s"}' % (name, name)}
    return node(c, name, labels,
                [{'address': name, 'type': 'Hostname'}, {'address': ip, 'type': 'InternalIP'}],
                pod_cidrs=[cidr],
                provider_id='azure:///subscriptions/0b1f6a2e-7c3d-4e5f-8a9b-1c2d3e4f5a6b/resourceGroups/mc_rg-shop_aks-shop_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-%s-%s-vmss/virtualMachines/%d' % (pool, vmss, i),
                annotations=ann, created=created, cpu='4', mem_kib=16365128, alloc_cpu='3860m', alloc_mem='12880968Ki',
                pods='250', os_image='Ubuntu 22.04.5 LTS', kernel='5.15.0-1092-azure', runtime='containerd://1.7.28-1')

def build():
    c = Ctx('aks-shop', 1843, '2026-10-02T08:14:37Z', 'v1.33.5')
    t0 = c.t0
    nodes = [aks_node(c, 0, '10.224.0.4', '10.244.0.0/24', 'eastus-1', '2026-10-02T08:17:02Z'),
             aks_node(c, 1, '10.224.0.5', '10.244.1.0/24', 'eastus-2', '2026-10-02T08:17:05Z'),
             aks_node(c, 2, '10.224.0.6', '10.244.2.0/24', 'eastus-3', '2026-10-02T08:17:11Z')]
    N = {n['metadata']['name']: (n['status']['addresses'][1]['address'], n['metadata']['labels']['topology.kubernetes.io/zone']) for n in nodes}
    n0, n1, n2 = [n['metadata']['name'] for n in nodes]
    tp = '2026-10-02T08:18:40Z'
    aks_tol = [{'key': 'CriticalAddonsOnly', 'operator': 'Exists'},
               {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
               {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300}]
    pods = []
    def P(ns, name, labels, cts, nd, ip, **kw):
        p = pod(c, ns, name, labels, cts, nd, [N[nd][0]], [ip], started=kw.pop('started', tp), **kw)
        pods.append(p); return p
    # kube-system
    cd_rs = 'coredns-5d8c7f9b6c'
    cd_lbl = {'k8s-app': 'kube-dns', 'kubernetes.azure.com/managedby': 'aks', 'pod-template-hash': '5d8c7f9b6c', 'version': 'v20'}
    def coredns_ct():
        return [container('coredns', 'mcr.microsoft.com/oss/v2/kubernetes/coredns:v1.12.1-3', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP')],
                          args=['-conf', '/etc/coredns/Corefile'],
                          resources={'limits': {'memory': '500Mi'}, 'requests': {'cpu': '100m', 'memory': '70Mi'}})]
    cd1 = P('kube-system', cd_rs + '-m4x7q', cd_lbl, coredns_ct(), n0, '10.244.0.31', owner=rs_owner(c, 'kube-system', cd_rs), gen_name=cd_rs + '-',
            sa='coredns', dns_policy='Default', priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable')
    cd2 = P('kube-system', cd_rs + '-tq9zr', cd_lbl, coredns_ct(), n1, '10.244.1.54', owner=rs_owner(c, 'kube-system', cd_rs), gen_name=cd_rs + '-',
            sa='coredns', dns_policy='Default', priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable')
    P('kube-system', 'coredns-autoscaler-7b5d9c6f48-hx2wn', {'k8s-app': 'coredns-autoscaler', 'pod-template-hash': '7b5d9c6f48'},
      [container('autoscaler', 'mcr.microsoft.com/oss/v2/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.9.0-1',
                 resources={'requests': {'cpu': '20m', 'memory': '10Mi'}})], n0, '10.244.0.12',
      owner=rs_owner(c, 'kube-system', 'coredns-autoscaler-7b5d9c6f48'), gen_name='coredns-autoscaler-7b5d9c6f48-',
      sa='coredns-autoscaler', priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable')
    ms_rs = 'metrics-server-6f4d8bc9d7'
    ms = []
    for sfx, nd, ip in (('8vkcp', n1, '10.244.1.19'), ('wd5sl', n2, '10.244.2.27')):
        ms.append(P('kube-system', ms_rs + '-' + sfx, {'k8s-app': 'metrics-server', 'pod-template-hash': '6f4d8bc9d7'},
                    [container('metrics-server', 'mcr.microsoft.com/oss/v2/kubernetes/metrics-server:v0.7.2-6', [(4443, 'https', 'TCP')],
                               args=['--kubelet-insecure-tls', '--kubelet-preferred-address-types=InternalIP', '--cert-dir=/tmp', '--secure-port=4443'],
                               resources={'limits': {'cpu': '141m', 'memory': '162Mi'}, 'requests': {'cpu': '45m', 'memory': '57Mi'}})],
                    nd, ip, owner=rs_owner(c, 'kube-system', ms_rs), gen_name=ms_rs + '-', sa='metrics-server',
                    priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable'))
    for sfx, nd, ip in (('6jzbk', n0, '10.244.0.8'), ('r2ft4', n2, '10.244.2.5')):
        P('kube-system', 'konnectivity-agent-84c6b5d9f7-' + sfx, {'app': 'konnectivity-agent', 'component': 'tunnel', 'pod-template-hash': '84c6b5d9f7'},
          [container('konnectivity-agent', 'mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:v0.31.2-hotfix.20251001',
                     [(8082, 'metrics', 'TCP')], resources={'requests': {'cpu': '20m', 'memory': '20Mi'}})],
          nd, ip, owner=rs_owner(c, 'kube-system', 'konnectivity-agent-84c6b5d9f7'), gen_name='konnectivity-agent-84c6b5d9f7-',
          sa='konnectivity-agent', priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable')
    for nd, sfx in ((n0, 'k7d2p'), (n1, 'x9hwb'), (n2, 'lc4ms')):
        ip = N[nd][0]
        p = pod(c, 'kube-system', 'kube-proxy-' + sfx, {'component': 'kube-proxy', 'controller-revision-hash': '6b9fd8c47', 'pod-template-generation': '1', 'tier': 'node'},
                [container('kube-proxy', 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.33.5', resources={'requests': {'cpu': '100m'}})],
                nd, [ip], [ip], started='2026-10-02T08:17:20Z', owner=ds_owner(c, 'kube-system', 'kube-proxy'), gen_name='kube-proxy-',
                host_network=True, sa='kube-proxy', priority=(2000001000, 'system-node-critical'), tolerations=aks_tol, qos='Burstable')
        pods.append(p)
    # application: shop
    ts = '2026-11-20T14:02:11Z'
    fe = []
    for sfx, nd, ip in (('2kqfz', n0, '10.244.0.77'), ('9mbnd', n1, '10.244.1.103'), ('vt6xh', n2, '10.244.2.61')):
        fe.append(P('shop', 'frontend-7c9d6b5f8d-' + sfx, {'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/part-of': 'shop', 'pod-template-hash': '7c9d6b5f8d'},
                    [container('frontend', 'shopacr.azurecr.io/shop/frontend:2.14.0', [(8080, 'http', 'TCP')],
                               probes={'readinessProbe': {'failureThreshold': 3, 'httpGet': {'path': '/healthz', 'port': 'http', 'scheme': 'HTTP'}, 'periodSeconds': 5, 'successThreshold': 1, 'timeoutSeconds': 1}},
                               resources={'requests': {'cpu': '250m', 'memory': '256Mi'}})],
                    nd, ip, owner=rs_owner(c, 'shop', 'frontend-7c9d6b5f8d'), gen_name='frontend-7c9d6b5f8d-', started=ts, qos='Burstable'))
    cart = []
    for sfx, nd, ip, rdy in (('h4wq8', n1, '10.244.1.88', True), ('z7cnv', n2, '10.244.2.94', False)):
        cart.append(P('shop', 'cart-5b7f4d9c6-' + sfx, {'app.kubernetes.io/name': 'cart', 'app.kubernetes.io/part-of': 'shop', 'pod-template-hash': '5b7f4d9c6'},
                      [container('cart', 'shopacr.azurecr.io/shop/cart:1.9.3', [(7070, 'grpc', 'TCP'), (9090, 'metrics', 'TCP')],
                                 probes={'readinessProbe': {'failureThreshold': 3, 'grpc': {'port': 7070, 'service': ''}, 'periodSeconds': 10, 'successThreshold': 1, 'timeoutSeconds': 1}})],
                      nd, ip, owner=rs_owner(c, 'shop', 'cart-5b7f4d9c6'), gen_name='cart-5b7f4d9c6-', started=ts, ready=rdy,
                      restart_counts={'cart': 4} if not rdy else None))
    redis = P('shop', 'redis-0', {'app.kubernetes.io/name': 'redis', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'redis-6d8f7c5b9', 'statefulset.kubernetes.io/pod-name': 'redis-0'},
              [container('redis', 'redis:7.4.1', [(6379, 'redis', 'TCP')])], n0, '10.244.0.80',
              owner=sts_owner(c, 'shop', 'redis'), gen_name='redis-', started=ts, hostname='redis-0', subdomain='redis')
    # services
    svcs = []
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 443)], cips=['10.0.0.1'],
                   labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP')],
                   selector={'k8s-app': 'kube-dns'}, cips=['10.0.0.10'],
                   labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   annotations={'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'}, created=bump(t0, 95))
    msvc = service(c, 'kube-system', 'metrics-server', [sport(None, 443, 'https')], selector={'k8s-app': 'metrics-server'},
                   cips=['10.0.62.187'], labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'Metrics-server'},
                   created=bump(t0, 96))
    fsvc = service(c, 'shop', 'frontend', [sport('http', 80, 'http', node_port=31842)], typ='LoadBalancer',
                   selector={'app.kubernetes.io/name': 'frontend'}, cips=['10.0.148.23'],
                   labels={'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/part-of': 'shop'},
                   annotations={'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path': '/healthz'},
                   lb_ingress=[{'ip': '20.242.17.186', 'ipMode': 'VIP'}], created=ts)
    csvc = service(c, 'shop', 'cart', [sport('grpc', 7070, 'grpc', app_protocol='kubernetes.io/h2c'), sport('metrics', 9090, 'metrics')],
                   selector={'app.kubernetes.io/name': 'cart'}, cips=['10.0.203.5'], labels={'app.kubernetes.io/name': 'cart'}, created=ts)
    rsvc = service(c, 'shop', 'redis', [sport('redis', 6379, 6379)], selector={'app.kubernetes.io/name': 'redis'},
                   cips=['None'], labels={'app.kubernetes.io/name': 'redis'}, created=ts)
    svcs = [kube, kdns, msvc, fsvc, csvc, rsvc]
    # endpointslices
    def E(p, ready=True, serving=None):
        return (p, p['status']['podIP'], ready, N[p['spec']['nodeName']][1], ready if serving is None else serving, False)
    slices = [kubernetes_slice(c, 'IPv4', ['20.121.74.39'], 443, t0)]
    ks = slice_for(c, kdns, 'IPv4', [E(cd1), E(cd2)])
    ks['ports'] = [{'name': 'dns', 'port': 53, 'protocol': 'UDP'}, {'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}]
    slices.append(ks)
    mss = slice_for(c, msvc, 'IPv4', [E(p) for p in ms]); mss['ports'] = [{'name': '', 'port': 4443, 'protocol': 'TCP'}]
    slices.append(mss)
    fs = slice_for(c, fsvc, 'IPv4', [E(p) for p in fe]); fs['ports'] = [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]
    slices.append(fs)
    cs = slice_for(c, csvc, 'IPv4', [E(cart[0]), E(cart[1], ready=False)])
    cs['ports'] = [{'appProtocol': 'kubernetes.io/h2c', 'name': 'grpc', 'port': 7070, 'protocol': 'TCP'}, {'name': 'metrics', 'port': 9090, 'protocol': 'TCP'}]
    slices.append(cs)
    rs = slice_for(c, rsvc, 'IPv4', [E(redis)]); rs['ports'] = [{'name': 'redis', 'port': 6379, 'protocol': 'TCP'}]
    slices.append(rs)
    sortkey = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=sortkey) + sorted(pods, key=sortkey) + nodes + sorted(slices, key=sortkey))

if __name__ == '__main__':
    sys.stdout.write(dump(build()))
