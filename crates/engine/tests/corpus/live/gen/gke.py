import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

def build():
    """GKE Standard 1.33, zonal us-central1-a, VPC-native, GKE-managed Service range 34.118.224.0/20,
    Pod range 10.52.0.0/14 (a /24 per node), kube-dns (not CoreDNS), Node objects included."""
    c = Ctx('gke-prod', 412007, '2026-07-21T06:30:18Z', 'v1.33.5-gke.1080000')
    t0 = c.t0
    nodes, N = [], {}
    for i, (sfx, ip, ext, cidr) in enumerate((('2xkq', '10.128.0.21', '34.72.118.40', '10.52.0.0/24'),
                                               ('8h7d', '10.128.0.22', '35.184.9.201', '10.52.1.0/24'),
                                               ('t0zm', '10.128.0.23', '34.69.230.17', '10.52.2.0/24'))):
        name = 'gke-prod-cluster-default-pool-5f3c2a1b-' + sfx
        labels = {'cloud.google.com/gke-boot-disk': 'pd-balanced', 'cloud.google.com/gke-container-runtime': 'containerd',
                  'cloud.google.com/gke-cpu-scaling-level': '4', 'cloud.google.com/gke-logging-variant': 'DEFAULT',
                  'cloud.google.com/gke-max-pods-per-node': '110', 'cloud.google.com/gke-memory-gb-scaling-level': '16',
                  'cloud.google.com/gke-nodepool': 'default-pool', 'cloud.google.com/gke-os-distribution': 'cos',
                  'cloud.google.com/gke-provisioning': 'standard', 'cloud.google.com/gke-stack-type': 'IPV4',
                  'cloud.google.com/machine-family': 'e2', 'cloud.google.com/private-node': 'false',
                  'failure-domain.beta.kubernetes.io/region': 'us-central1', 'failure-domain.beta.kubernetes.io/zone': 'us-central1-a',
                  'node.kubernetes.io/instance-type': 'e2-standard-4', 'topology.gke.io/zone': 'us-central1-a',
                  'topology.kubernetes.io/region': 'us-central1', 'topology.kubernetes.io/zone': 'us-central1-a'}
        ann = {'container.googleapis.com/instance_id': str(7301294857712345600 + i * 7919),
               'csi.volume.kubernetes.io/nodeid': '{"pd.csi.storage.gke.io":"projects/acme-prod/zones/us-central1-a/instances/%s"}' % name,
               'node.gke.io/last-applied-node-labels': 'cloud.google.com/gke-nodepool=default-pool,cloud.google.com/gke-os-distribution=cos',
               'node.gke.io/last-applied-node-taints': ''}
        n = node(c, name, labels, [{'address': ip, 'type': 'InternalIP'}, {'address': ext, 'type': 'ExternalIP'}, {'address': name, 'type': 'Hostname'}],
                 pod_cidrs=[cidr], provider_id='gce://acme-prod/us-central1-a/' + name, annotations=ann, created='2026-07-21T06:34:%02dZ' % (10 + i),
                 cpu='4', mem_kib=16393280, alloc_cpu='3920m', alloc_mem='13491264Ki', os_image='Container-Optimized OS from Google',
                 kernel='6.6.97+', runtime='containerd://2.0.6')
        nodes.append(n); N[name] = (ip, 'us-central1-a', cidr)
    names = list(N)
    pods = []
    def P(ns, name, labels, cts, nd, ip, **kw):
        hn = kw.get('host_network')
        p = pod(c, ns, name, labels, cts, nd, [N[nd][0]], [N[nd][0] if hn else ip], started=kw.pop('started', '2026-07-21T06:35:02Z'), **kw)
        pods.append(p); return p
    kd = []
    for sfx, nd, ip in (('k2m7n', names[0], '10.52.0.5'), ('zq8cx', names[2], '10.52.2.4')):
        kd.append(P('kube-system', 'kube-dns-6f8d9c7b5-' + sfx, {'k8s-app': 'kube-dns', 'pod-template-hash': '6f8d9c7b5'},
                    [container('kubedns', 'gke.gcr.io/k8s-dns-kube-dns:1.26.4-gke.1', [(10053, 'dns-local', 'UDP'), (10053, 'dns-tcp-local', 'TCP'), (10055, 'metrics', 'TCP')],
                               args=['--domain=cluster.local.', '--dns-port=10053', '--config-dir=/kube-dns-config', '--v=2']),
                     container('dnsmasq', 'gke.gcr.io/k8s-dns-dnsmasq-nanny:1.26.4-gke.1', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP')]),
                     container('sidecar', 'gke.gcr.io/k8s-dns-sidecar:1.26.4-gke.1', [(10054, 'metrics', 'TCP')])],
                    nd, ip, owner=rs_owner(c, 'kube-system', 'kube-dns-6f8d9c7b5'), gen_name='kube-dns-6f8d9c7b5-', sa='kube-dns',
                    dns_policy='Default', priority=(2000000000, 'system-cluster-critical'), qos='Burstable'))
    l7 = P('kube-system', 'l7-default-backend-7d9f7b4c6-hv5qp', {'k8s-app': 'glbc', 'name': 'glbc', 'pod-template-hash': '7d9f7b4c6'},
           [container('default-http-backend', 'gke.gcr.io/ingress-gce-404-server-with-metrics:v1.33.0', [(8080, None, 'TCP')])],
           names[1], '10.52.1.7', owner=rs_owner(c, 'kube-system', 'l7-default-backend-7d9f7b4c6'), gen_name='l7-default-backend-7d9f7b4c6-')
    ms = P('kube-system', 'metrics-server-v1.33.0-5b8c4d7f9-x4wjr', {'k8s-app': 'metrics-server', 'pod-template-hash': '5b8c4d7f9', 'version': 'v1.33.0'},
           [container('metrics-server', 'gke.gcr.io/metrics-server:v0.7.2-gke.9', [(10250, 'https', 'TCP')]),
            container('metrics-server-nanny', 'gke.gcr.io/addon-resizer:1.8.23-gke.4')],
           names[0], '10.52.0.9', owner=rs_owner(c, 'kube-system', 'metrics-server-v1.33.0-5b8c4d7f9'), gen_name='metrics-server-v1.33.0-5b8c4d7f9-', sa='metrics-server')
    for nd in names:
        P('kube-system', 'kube-proxy-' + nd, {'component': 'kube-proxy', 'tier': 'node'},
          [container('kube-proxy', 'gke.gcr.io/kube-proxy-amd64:v1.33.5-gke.1080000', resources={'requests': {'cpu': '100m'}})],
          nd, None, owner=node_owner(c, nd), host_network=True, priority=(2000001000, 'system-node-critical'), qos='Burstable',
          annotations={'kubernetes.io/config.hash': hashlib.md5(nd.encode()).hexdigest(), 'kubernetes.io/config.mirror': hashlib.md5(nd.encode()).hexdigest(),
                       'kubernetes.io/config.seen': '2026-07-21T06:34:40.118293562Z', 'kubernetes.io/config.source': 'file'}, started='2026-07-21T06:34:40Z')
    ts = '2026-11-10T12:00:00Z'
    hello = []
    for sfx, nd, ip in (('4cz9v', names[0], '10.52.0.24'), ('m7rjd', names[1], '10.52.1.31'), ('qp2lw', names[2], '10.52.2.18')):
        hello.append(P('default', 'hello-web-6c7b9d8f54-' + sfx, {'app': 'hello', 'pod-template-hash': '6c7b9d8f54', 'tier': 'web'},
                       [container('hello-app', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0', [(8080, None, 'TCP')])],
                       nd, ip, owner=rs_owner(c, 'default', 'hello-web-6c7b9d8f54'), gen_name='hello-web-6c7b9d8f54-', started=ts))
    # A pod that is terminating: still in the dump with deletionTimestamp, serving but not ready.
    term = P('default', 'hello-web-6c7b9d8f54-g9sxk', {'app': 'hello', 'pod-template-hash': '6c7b9d8f54', 'tier': 'web'},
             [container('hello-app', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0', [(8080, None, 'TCP')])],
             names[2], '10.52.2.22', owner=rs_owner(c, 'default', 'hello-web-6c7b9d8f54'), gen_name='hello-web-6c7b9d8f54-', started='2026-11-09T08:12:40Z', ready=False)
    term['metadata']['deletionTimestamp'] = '2026-11-24T09:58:52Z'
    term['metadata']['deletionGracePeriodSeconds'] = 30
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 443)], cips=['34.118.224.1'], labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP')], selector={'k8s-app': 'kube-dns'}, cips=['34.118.224.10'],
                   labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'KubeDNS'},
                   annotations={'cloud.google.com/neg': '{"ingress":true}'}, created=bump(t0, 200))
    dhb = service(c, 'kube-system', 'default-http-backend', [sport('http', 80, 8080, node_port=30411)], typ='NodePort', selector={'k8s-app': 'glbc'},
                  cips=['34.118.226.244'], labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'k8s-app': 'glbc', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'GLBCDefaultBackend'},
                  annotations={'cloud.google.com/neg': '{"ingress":true}'}, created=bump(t0, 210))
    msvc = service(c, 'kube-system', 'metrics-server', [sport(None, 443, 'https')], selector={'k8s-app': 'metrics-server'}, cips=['34.118.225.3'],
                   labels={'addonmanager.kubernetes.io/mode': 'Reconcile', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'Metrics-server'},
                   annotations={'cloud.google.com/neg': '{"ingress":true}'}, created=bump(t0, 215))
    hsvc = service(c, 'default', 'hello-web', [sport(None, 80, 8080, node_port=31260)], typ='LoadBalancer', selector={'app': 'hello', 'tier': 'web'},
                   cips=['34.118.233.97'], annotations={'cloud.google.com/neg': '{"ingress":true}'},
                   lb_ingress=[{'ip': '35.239.101.84', 'ipMode': 'VIP'}], created=ts)
    hsvc['metadata']['finalizers'] = ['service.kubernetes.io/load-balancer-cleanup']
    svcs = [kube, kdns, dhb, msvc, hsvc]
    def E(p, ready=True, serving=None, term=False): return (p, p['status']['podIP'], ready, 'us-central1-a', ready if serving is None else serving, term)
    slices = [kubernetes_slice(c, 'IPv4', ['34.27.153.208'], 443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(p) for p in kd]); s['ports'] = [{'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}, {'name': 'dns', 'port': 53, 'protocol': 'UDP'}]; slices.append(s)
    s = slice_for(c, dhb, 'IPv4', [E(l7)]); s['ports'] = [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, msvc, 'IPv4', [E(ms)]); s['ports'] = [{'name': '', 'port': 10250, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, hsvc, 'IPv4', [E(p) for p in hello] + [E(term, ready=False, serving=True, term=True)]); s['ports'] = [{'name': '', 'port': 8080, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=key) + sorted(pods, key=key) + nodes + sorted(slices, key=key))

if __name__ == '__main__':
    sys.stdout.write(dump(build()))
