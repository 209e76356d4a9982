import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

def eks_node(c, ip, zone, inst, created, ng='general', region='us-east-1', internal_domain='ec2.internal', ext=None):
    name = 'ip-%s.%s' % (ip.replace('.', '-'), internal_domain)
    labels = {'alpha.eksctl.io/cluster-name': 'storefront-prod', 'alpha.eksctl.io/nodegroup-name': ng,
              'eks.amazonaws.com/capacityType': 'ON_DEMAND', 'eks.amazonaws.com/nodegroup': ng,
              'eks.amazonaws.com/nodegroup-image': 'ami-0c3f1a9d2b7e84561', 'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-0a7d3c9e1f2b45680',
              'eks.amazonaws.com/sourceLaunchTemplateVersion': '1', 'failure-domain.beta.kubernetes.io/region': region,
              'failure-domain.beta.kubernetes.io/zone': zone, 'k8s.io/cloud-provider-aws': '5e8a0c3f1b9d27c4e6a1f0b3d8c52e97',
              'node.kubernetes.io/instance-type': inst, 'topology.ebs.csi.aws.com/zone': zone,
              'topology.k8s.aws/zone-id': {'us-east-1a': 'use1-az4', 'us-east-1b': 'use1-az6', 'us-east-1c': 'use1-az1',
                                           'us-west-2a': 'usw2-az2', 'us-west-2b': 'usw2-az1'}[zone],
              'topology.kubernetes.io/region': region, 'topology.kubernetes.io/zone': zone}
    addrs = [{'address': ip, 'type': 'InternalIP'}]
    if ext: addrs.append({'address': ext, 'type': 'ExternalIP'})
    addrs += [{'address': name, 'type': 'InternalDNS'}, {'address': name, 'type': 'Hostname'}]
    if ext: addrs.append({'address': 'ec2-%s.compute-1.amazonaws.com' % ext.replace('.', '-'), 'type': 'ExternalDNS'})
    iid = 'i-0' + hashlib.sha256(name.encode()).hexdigest()[:16]
    return node(c, name, labels, addrs, provider_id='aws:///%s/%s' % (zone, iid),
                annotations={'alpha.kubernetes.io/provided-node-ip': ip}, created=created,
                cpu='2', mem_kib=7910360, alloc_cpu='1930m', alloc_mem='7220184Ki', pods='29',
                os_image='Amazon Linux 2023.9.20251110', kernel='6.1.156-177.286.amzn2023.x86_64',
                runtime='containerd://2.1.4', kubelet='v1.33.5-eks-113cf36')

MF_POD = lambda t, rs_uid: [
    {'apiVersion': 'v1', 'fieldsType': 'FieldsV1', 'fieldsV1': {'f:metadata': {'f:generateName': {}, 'f:labels': {'.': {}, 'f:app': {}, 'f:pod-template-hash': {}},
      'f:ownerReferences': {'.': {}, 'k:{"uid":"%s"}' % rs_uid: {}}}, 'f:spec': {'f:containers': {'k:{"name":"web"}': {'.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': {}}}}},
     'manager': 'kube-controller-manager', 'operation': 'Update', 'time': t},
    {'apiVersion': 'v1', 'fieldsType': 'FieldsV1', 'fieldsV1': {'f:status': {'f:conditions': {}, 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': {}, 'f:startTime': {}}},
     'manager': 'kubelet', 'operation': 'Update', 'subresource': 'status', 'time': bump(t, 12)}]

def build_nodes():
    """EKS, us-east-1, Service range 172.20.0.0/16, Amazon VPC CNI, Node objects and managedFields."""
    c = Ctx('eks-storefront', 30911, '2026-09-14T17:41:09Z', 'v1.33.5-eks-113cf36')
    t0 = c.t0
    nodes = [eks_node(c, '10.0.1.23', 'us-east-1a', 'm6i.large', '2026-09-14T17:52:30Z'),
             eks_node(c, '10.0.2.187', 'us-east-1b', 'm6i.large', '2026-09-14T17:52:34Z'),
             eks_node(c, '10.0.3.54', 'us-east-1c', 'm6i.large', '2026-09-14T17:52:41Z')]
    names = [n['metadata']['name'] for n in nodes]
    N = {n['metadata']['name']: (n['status']['addresses'][0]['address'], n['metadata']['labels']['topology.kubernetes.io/zone']) for n in nodes}
    pods = []
    tp = '2026-09-14T17:53:10Z'
    def P(ns, name, labels, cts, nd, ip, **kw):
        hn = kw.get('host_network')
        p = pod(c, ns, name, labels, cts, nd, [N[nd][0]], [N[nd][0] if hn else ip], started=kw.pop('started', tp), **kw)
        pods.append(p); return p
    cd_rs = 'coredns-7bb4c9f5d8'
    cds = []
    for sfx, nd, ip in (('4g8kx', names[0], '10.0.1.142'), ('qmz2t', names[1], '10.0.2.71')):
        cds.append(P('kube-system', cd_rs + '-' + sfx, {'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns', 'pod-template-hash': '7bb4c9f5d8'},
                     [container('coredns', '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.12.2-eksbuild.4',
                                [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP')], args=['-conf', '/etc/coredns/Corefile'],
                                resources={'limits': {'memory': '170Mi'}, 'requests': {'cpu': '100m', 'memory': '70Mi'}})],
                     nd, ip, owner=rs_owner(c, 'kube-system', cd_rs), gen_name=cd_rs + '-', sa='coredns', dns_policy='Default',
                     priority=(2000000000, 'system-cluster-critical'), qos='Burstable'))
    for i, nd in enumerate(names):
        sfx = suffix('aws-node' + nd)
        P('kube-system', 'aws-node-' + sfx, {'app.kubernetes.io/instance': 'aws-vpc-cni', 'app.kubernetes.io/name': 'aws-node', 'controller-revision-hash': '7d8c9b6f54', 'k8s-app': 'aws-node', 'pod-template-generation': '1'},
          [container('aws-node', '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.1', [(61678, 'metrics', 'TCP')], resources={'requests': {'cpu': '25m'}}),
           container('aws-eks-nodeagent', '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon/aws-network-policy-agent:v1.2.7-eksbuild.1', resources={'requests': {'cpu': '25m'}})],
          nd, None, owner=ds_owner(c, 'kube-system', 'aws-node'), gen_name='aws-node-', host_network=True, sa='aws-node',
          priority=(2000001000, 'system-node-critical'), qos='Burstable', started='2026-09-14T17:52:50Z')
        sfx = suffix('kube-proxy' + nd)
        P('kube-system', 'kube-proxy-' + sfx, {'controller-revision-hash': '5f9b8c7d46', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1'},
          [container('kube-proxy', '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:v1.33.5-minimal-eksbuild.2',
                     args=['--v=2', '--config=/var/lib/kube-proxy-config/config', '--hostname-override=$(NODE_NAME)'], resources={'requests': {'cpu': '100m'}})],
          nd, None, owner=ds_owner(c, 'kube-system', 'kube-proxy'), gen_name='kube-proxy-', host_network=True, sa='kube-proxy',
          priority=(2000001000, 'system-node-critical'), qos='Burstable', started='2026-09-14T17:52:50Z')
    ts = '2026-11-18T09:26:44Z'
    web = []
    web_rs = 'web-6d5f8b7c94'
    for sfx, nd, ip in (('bx7zl', names[0], '10.0.1.208'), ('d2pkr', names[1], '10.0.2.33'), ('n8wts', names[2], '10.0.3.119')):
        p = P('storefront', web_rs + '-' + sfx, {'app': 'web', 'pod-template-hash': '6d5f8b7c94'},
              [container('web', '111122223333.dkr.ecr.us-east-1.amazonaws.com/storefront/web:4.2.1', [(3000, 'http', 'TCP')])],
              nd, ip, owner=rs_owner(c, 'storefront', web_rs), gen_name=web_rs + '-', started=ts)
        p['metadata']['managedFields'] = MF_POD(ts, c.uid('rs', 'storefront', web_rs))
        web.append(p)
    api = []
    api_rs = 'api-84f7c6d5b9'
    for sfx, nd, ip in (('5kq2m', names[1], '10.0.2.95'), ('tj6vz', names[2], '10.0.3.12')):
        api.append(P('storefront', api_rs + '-' + sfx, {'app': 'api', 'pod-template-hash': '84f7c6d5b9'},
                     [container('api', '111122223333.dkr.ecr.us-east-1.amazonaws.com/storefront/api:7.0.3', [(8080, 'http', 'TCP'), (8443, 'https', 'TCP')])],
                     nd, ip, owner=rs_owner(c, 'storefront', api_rs), gen_name=api_rs + '-', started=ts))
    # services
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 443)], cips=['172.20.0.1'],
                   labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP'), sport('metrics', 9153, 9153)],
                   selector={'k8s-app': 'kube-dns'}, cips=['172.20.0.10'],
                   labels={'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   annotations={'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'}, created=bump(t0, 420))
    wsvc = service(c, 'storefront', 'web', [sport('http', 80, 'http', node_port=32417)], typ='LoadBalancer', selector={'app': 'web'},
                   cips=['172.20.87.140'], lb_ingress=[{'hostname': 'a3f9c1d27b8e4450a9d2c6e1f07b5c3d-1298456032.us-east-1.elb.amazonaws.com'}], created=ts)
    wsvc['metadata']['finalizers'] = ['service.kubernetes.io/load-balancer-cleanup']
    wsvc['metadata']['managedFields'] = [
        {'apiVersion': 'v1', 'fieldsType': 'FieldsV1', 'fieldsV1': {'f:spec': {'f:ports': {'k:{"port":80,"protocol":"TCP"}': {'.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {}, 'f:targetPort': {}}}, 'f:selector': {}, 'f:type': {}}},
         'manager': 'kubectl', 'operation': 'Apply', 'time': ts},
        {'apiVersion': 'v1', 'fieldsType': 'FieldsV1', 'fieldsV1': {'f:metadata': {'f:finalizers': {'.': {}, 'v:"service.kubernetes.io/load-balancer-cleanup"': {}}}, 'f:status': {'f:loadBalancer': {'f:ingress': {}}}},
         'manager': 'aws-cloud-controller-manager', 'operation': 'Update', 'subresource': 'status', 'time': bump(ts, 41)}]
    asvc = service(c, 'storefront', 'api', [sport('https', 443, 'https', node_port=30961)], typ='LoadBalancer', selector={'app': 'api'},
                   cips=['172.20.14.201'], etp='Local', hcnp=31377, lb_class='service.k8s.aws/nlb',
                   annotations={'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
                                'service.beta.kubernetes.io/aws-load-balancer-type': 'external'},
                   lb_ingress=[{'hostname': 'k8s-storefro-api-5c0e9b2a71-8d4f1e6a3b2c7d90.elb.us-east-1.amazonaws.com'}], created=ts)
    asvc['metadata']['finalizers'] = ['service.k8s.aws/resources']
    isvc = service(c, 'storefront', 'api-internal', [sport('http', 8080, 'http')], selector={'app': 'api'}, cips=['172.20.203.66'], created=ts)
    svcs = [kube, kdns, wsvc, asvc, isvc]
    def E(p): return (p, p['status']['podIP'], True, N[p['spec']['nodeName']][1])
    slices = [kubernetes_slice(c, 'IPv4', ['10.0.1.199', '10.0.2.48'], 443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(p) for p in cds]); s['ports'] = [{'name': 'dns', 'port': 53, 'protocol': 'UDP'}, {'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}, {'name': 'metrics', 'port': 9153, 'protocol': 'TCP'}]
    slices.append(s)
    s = slice_for(c, wsvc, 'IPv4', [E(p) for p in web]); s['ports'] = [{'name': 'http', 'port': 3000, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, asvc, 'IPv4', [E(p) for p in api]); s['ports'] = [{'name': 'https', 'port': 8443, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, isvc, 'IPv4', [E(p) for p in api]); s['ports'] = [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=key) + sorted(pods, key=key) + nodes + sorted(slices, key=key))

def build_no_nodes():
    """EKS created by eksctl in us-west-2 (VPC 192.168.0.0/16), Service range 10.100.0.0/16; the dump
    was taken with `kubectl get svc,pods,endpointslices -A -o yaml`: no Node objects."""
    c = Ctx('eks-payments', 88120, '2026-08-03T11:05:52Z', 'v1.33.5-eks-113cf36')
    t0 = c.t0
    n1 = ('ip-192-168-28-117.us-west-2.compute.internal', '192.168.28.117', 'us-west-2a')
    n2 = ('ip-192-168-61-9.us-west-2.compute.internal', '192.168.61.9', 'us-west-2b')
    pods = []
    def P(ns, name, labels, cts, nd, ip, **kw):
        hn = kw.get('host_network')
        p = pod(c, ns, name, labels, cts, nd[0], [nd[1]], [nd[1] if hn else ip], started=kw.pop('started', '2026-08-03T11:19:27Z'), **kw)
        pods.append(p); return p
    cds = []
    for sfx, nd, ip in (('8hcrn', n1, '192.168.14.250'), ('w5mkd', n2, '192.168.47.3')):
        cds.append(P('kube-system', 'coredns-6b9575c64c-' + sfx, {'eks.amazonaws.com/component': 'coredns', 'k8s-app': 'kube-dns', 'pod-template-hash': '6b9575c64c'},
                     [container('coredns', '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/coredns:v1.12.2-eksbuild.4', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP')])],
                     nd, ip, owner=rs_owner(c, 'kube-system', 'coredns-6b9575c64c'), gen_name='coredns-6b9575c64c-', sa='coredns', dns_policy='Default',
                     priority=(2000000000, 'system-cluster-critical'), qos='Burstable'))
    for nd in (n1, n2):
        P('kube-system', 'aws-node-' + suffix('an' + nd[0]), {'app.kubernetes.io/name': 'aws-node', 'controller-revision-hash': '66c5d8f7b9', 'k8s-app': 'aws-node', 'pod-template-generation': '2'},
          [container('aws-node', '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.4-eksbuild.1', [(61678, 'metrics', 'TCP')])],
          nd, None, owner=ds_owner(c, 'kube-system', 'aws-node'), gen_name='aws-node-', host_network=True, sa='aws-node', priority=(2000001000, 'system-node-critical'), qos='Burstable')
    ts = '2026-11-02T16:44:05Z'
    ledger = []
    for i, (nd, ip) in enumerate(((n1, '192.168.9.88'), (n2, '192.168.52.140'))):
        ledger.append(P('payments', 'ledger-%d' % i, {'app': 'ledger', 'apps.kubernetes.io/pod-index': str(i), 'controller-revision-hash': 'ledger-7f6d5c8b4', 'statefulset.kubernetes.io/pod-name': 'ledger-%d' % i},
                        [container('ledger', '111122223333.dkr.ecr.us-west-2.amazonaws.com/payments/ledger:3.3.0', [(5432, 'pg', 'TCP'), (9187, 'metrics', 'TCP')])],
                        nd, ip, owner=sts_owner(c, 'payments', 'ledger'), gen_name='ledger-', hostname='ledger-%d' % i, subdomain='ledger', started=ts))
    gw = []
    for sfx, nd, ip in (('xk2vd', n1, '192.168.30.41'), ('p7tqg', n2, '192.168.33.6')):
        gw.append(P('payments', 'gateway-7d9f6c5b8-' + sfx, {'app': 'gateway', 'pod-template-hash': '7d9f6c5b8'},
                    [container('gateway', '111122223333.dkr.ecr.us-west-2.amazonaws.com/payments/gateway:1.0.12', [(8080, 'http', 'TCP')])],
                    nd, ip, owner=rs_owner(c, 'payments', 'gateway-7d9f6c5b8'), gen_name='gateway-7d9f6c5b8-', started=ts))
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 443)], cips=['10.100.0.1'], labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP'), sport('metrics', 9153, 9153)],
                   selector={'k8s-app': 'kube-dns'}, cips=['10.100.0.10'],
                   labels={'eks.amazonaws.com/component': 'kube-dns', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   annotations={'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'}, created=bump(t0, 380))
    lsvc = service(c, 'payments', 'ledger', [sport('pg', 5432, 'pg')], selector={'app': 'ledger'}, cips=['None'], publish_not_ready=True, created=ts)
    gsvc = service(c, 'payments', 'gateway', [sport('http', 80, 'http', node_port=30712)], typ='LoadBalancer', selector={'app': 'gateway'},
                   cips=['10.100.176.58'], annotations={'service.beta.kubernetes.io/aws-load-balancer-internal': 'true'},
                   lb_ingress=[{'hostname': 'internal-a71c2e9f04b3d4e8f9a0b1c2d3e4f5a6-738205119.us-west-2.elb.amazonaws.com'}], created=ts)
    msvc = service(c, 'payments', 'ledger-metrics', [sport('metrics', 9187, 'metrics')], selector={'app': 'ledger'}, cips=['10.100.42.9'], created=ts)
    svcs = [kube, kdns, lsvc, gsvc, msvc]
    def E(p, zone): return (p, p['status']['podIP'], True, zone)
    Z = {n1[0]: n1[2], n2[0]: n2[2]}
    slices = [kubernetes_slice(c, 'IPv4', ['192.168.101.77', '192.168.142.12'], 443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(p, Z[p['spec']['nodeName']]) for p in cds]); s['ports'] = [{'name': 'dns', 'port': 53, 'protocol': 'UDP'}, {'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}, {'name': 'metrics', 'port': 9153, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, lsvc, 'IPv4', [E(p, Z[p['spec']['nodeName']]) for p in ledger]); s['ports'] = [{'name': 'pg', 'port': 5432, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, gsvc, 'IPv4', [E(p, Z[p['spec']['nodeName']]) for p in gw]); s['ports'] = [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, msvc, 'IPv4', [E(p, Z[p['spec']['nodeName']]) for p in ledger]); s['ports'] = [{'name': 'metrics', 'port': 9187, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=key) + sorted(pods, key=key) + sorted(slices, key=key))

if __name__ == '__main__':
    which = sys.argv[1]
    sys.stdout.write(dump(build_nodes() if which == 'nodes' else build_no_nodes()))
