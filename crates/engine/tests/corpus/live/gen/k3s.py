import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

def build():
    """k3s v1.33 (server + one agent), flannel VXLAN, ServiceLB (klipper-lb) and the packaged Traefik."""
    c = Ctx('k3s-home', 512, '2026-10-30T19:12:44Z', 'v1.33.5+k3s1')
    t0 = c.t0
    spec_nodes = [('k3s-server', '192.168.1.10', '10.42.0.0/24', True), ('k3s-agent-1', '192.168.1.11', '10.42.1.0/24', False)]
    nodes, N = [], {}
    for name, ip, cidr, srv in spec_nodes:
        labels = {'beta.kubernetes.io/instance-type': 'k3s', 'node.kubernetes.io/instance-type': 'k3s'}
        if srv:
            labels.update({'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true'})
        ann = {'alpha.kubernetes.io/provided-node-ip': ip,
               'flannel.alpha.coreos.com/backend-data': '{"VNI":1,"VtepMAC":"%s"}' % ':'.join(hashlib.md5(name.encode()).hexdigest()[i:i+2] for i in range(0, 12, 2)),
               'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
               'flannel.alpha.coreos.com/public-ip': ip, 'k3s.io/hostname': name, 'k3s.io/internal-ip': ip,
               'k3s.io/node-args': '["server"]' if srv else '["agent","--server","https://192.168.1.10:6443","--token","********"]'}
        n = node(c, name, labels, [{'address': ip, 'type': 'InternalIP'}, {'address': name, 'type': 'Hostname'}], pod_cidrs=[cidr],
                 provider_id='k3s://' + name, annotations=ann, created=t0 if srv else bump(t0, 310), cpu='4', mem_kib=8009660,
                 alloc_cpu='4', alloc_mem='8009660Ki', os_image='Debian GNU/Linux 12 (bookworm)', kernel='6.1.0-40-amd64',
                 runtime='containerd://2.1.4-k3s1')
        nodes.append(n); N[name] = ip
    srv, agt = spec_nodes[0][0], spec_nodes[1][0]
    pods = []
    def P(ns, name, labels, cts, nd, ip, **kw):
        p = pod(c, ns, name, labels, cts, nd, [N[nd]], [ip], started=kw.pop('started', bump(t0, 25)), **kw)
        pods.append(p); return p
    sys_tol = [{'key': 'CriticalAddonsOnly', 'operator': 'Exists'}, {'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/control-plane', 'operator': 'Exists'},
               {'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/master', 'operator': 'Exists'}]
    cd = P('kube-system', 'coredns-64fd4b4794-9dzqk', {'k8s-app': 'kube-dns', 'pod-template-hash': '64fd4b4794'},
           [container('coredns', 'rancher/mirrored-coredns-coredns:1.12.3', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP')], args=['-conf', '/etc/coredns/Corefile'])],
           srv, '10.42.0.3', owner=rs_owner(c, 'kube-system', 'coredns-64fd4b4794'), gen_name='coredns-64fd4b4794-', sa='coredns', dns_policy='Default',
           priority=(2000000000, 'system-cluster-critical'), tolerations=sys_tol, qos='Burstable')
    P('kube-system', 'local-path-provisioner-774c6665dc-w5r2v', {'app': 'local-path-provisioner', 'pod-template-hash': '774c6665dc'},
      [container('local-path-provisioner', 'rancher/local-path-provisioner:v0.0.32')], srv, '10.42.0.2',
      owner=rs_owner(c, 'kube-system', 'local-path-provisioner-774c6665dc'), gen_name='local-path-provisioner-774c6665dc-', sa='local-path-provisioner-service-account',
      priority=(2000001000, 'system-node-critical'), tolerations=sys_tol)
    ms = P('kube-system', 'metrics-server-7bfffcd44-l8hqn', {'k8s-app': 'metrics-server', 'pod-template-hash': '7bfffcd44'},
           [container('metrics-server', 'rancher/mirrored-metrics-server:v0.8.0', [(10250, 'https', 'TCP')])], srv, '10.42.0.4',
           owner=rs_owner(c, 'kube-system', 'metrics-server-7bfffcd44'), gen_name='metrics-server-7bfffcd44-', sa='metrics-server',
           priority=(2000000000, 'system-cluster-critical'), tolerations=sys_tol, qos='Burstable')
    for job, sfx in (('helm-install-traefik-crd', 'x4bqn'), ('helm-install-traefik', 'r7n2d')):
        p = P('kube-system', job + '-' + sfx, {'batch.kubernetes.io/controller-uid': c.uid('job', 'kube-system', job), 'batch.kubernetes.io/job-name': job,
                                                'controller-uid': c.uid('job', 'kube-system', job), 'helmcharts.helm.cattle.io/chart': job.replace('helm-install-', ''), 'job-name': job},
              [container('helm', 'rancher/klipper-helm:v0.9.8-build20250709', args=['install'])], srv, '10.42.0.%d' % (5 if 'crd' in job else 6),
              owner=job_owner(c, 'kube-system', job), gen_name=job + '-', sa='helm-traefik', tolerations=sys_tol)
        succeeded_pod(p, bump(t0, 60 if 'crd' in job else 75))
    tr = P('kube-system', 'traefik-c98fdf6fb-6n9zl', {'app.kubernetes.io/instance': 'traefik-kube-system', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'traefik',
                                                       'helm.sh/chart': 'traefik-37.1.1_up37.1.0', 'pod-template-hash': 'c98fdf6fb'},
           [container('traefik', 'rancher/mirrored-library-traefik:3.5.1', [(9100, 'metrics', 'TCP'), (8080, 'traefik', 'TCP'), (8000, 'web', 'TCP'), (8443, 'websecure', 'TCP')],
                      args=['--entryPoints.metrics.address=:9100/tcp', '--entryPoints.traefik.address=:8080/tcp', '--entryPoints.web.address=:8000/tcp', '--entryPoints.websecure.address=:8443/tcp'])],
           srv, '10.42.0.7', owner=rs_owner(c, 'kube-system', 'traefik-c98fdf6fb'), gen_name='traefik-c98fdf6fb-', sa='traefik',
           priority=(2000000000, 'system-cluster-critical'), tolerations=sys_tol, started=bump(t0, 90))
    svclb = []
    for nd, ip, sfx in ((srv, '10.42.0.8', 'bzr5x'), (agt, '10.42.1.2', 'q2kcm')):
        cts = []
        for port, np_ in ((80, 32080), (443, 32443)):
            ct = container('lb-tcp-%d' % port, 'rancher/klipper-lb:v0.4.13', [(port, 'lb-tcp-%d' % port, 'TCP', port)],
                           env=[{'name': 'SRC_PORT', 'value': str(port)}, {'name': 'SRC_RANGES', 'value': '0.0.0.0/0'}, {'name': 'DEST_PROTO', 'value': 'TCP'},
                                {'name': 'DEST_PORT', 'value': str(np_)}, {'name': 'DEST_IPS', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'status.hostIPs'}}}])
            ct['securityContext'] = {'capabilities': {'add': ['NET_ADMIN']}}
            del ct['volumeMounts']
            cts.append(ct)
        p = P('kube-system', 'svclb-traefik-1f8a2c3d-' + sfx, {'app': 'svclb-traefik-1f8a2c3d', 'controller-revision-hash': '7c9f4d8b65', 'pod-template-generation': '1',
                                                              'svccontroller.k3s.cattle.io/svcname': 'traefik', 'svccontroller.k3s.cattle.io/svcnamespace': 'kube-system'},
              cts, nd, ip, owner=ds_owner(c, 'kube-system', 'svclb-traefik-1f8a2c3d'), gen_name='svclb-traefik-1f8a2c3d-', sa='svclb',
              priority=(2000001000, 'system-node-critical'), started=bump(t0, 95) if nd == srv else bump(t0, 330),
              tolerations=[{'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/master', 'operator': 'Exists'}, {'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/control-plane', 'operator': 'Exists'},
                           {'key': 'CriticalAddonsOnly', 'operator': 'Exists'}])
        del p['spec']['volumes']; p['spec']['automountServiceAccountToken'] = False
        for cs in p['status']['containerStatuses']: del cs['volumeMounts']
        svclb.append(p)
    ts = '2026-11-12T21:40:03Z'
    who = []
    for sfx, nd, ip in (('8xw2c', srv, '10.42.0.12'), ('kf9mt', agt, '10.42.1.5')):
        who.append(P('default', 'whoami-7f9c6b8d5-' + sfx, {'app': 'whoami', 'pod-template-hash': '7f9c6b8d5'},
                     [container('whoami', 'traefik/whoami:v1.11', [(80, 'web', 'TCP')])], nd, ip,
                     owner=rs_owner(c, 'default', 'whoami-7f9c6b8d5'), gen_name='whoami-7f9c6b8d5-', started=ts))
    helm_ann = {'meta.helm.sh/release-name': 'traefik', 'meta.helm.sh/release-namespace': 'kube-system'}
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 6443)], cips=['10.43.0.1'], labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP'), sport('metrics', 9153, 9153)],
                   selector={'k8s-app': 'kube-dns'}, cips=['10.43.0.10'], labels={'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   annotations={'objectset.rio.cattle.io/id': '', 'objectset.rio.cattle.io/owner-gvk': 'k3s.cattle.io/v1, Kind=Addon',
                                'objectset.rio.cattle.io/owner-name': 'coredns', 'objectset.rio.cattle.io/owner-namespace': 'kube-system',
                                'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'},
                   created=bump(t0, 8))
    kdns['metadata']['labels']['objectset.rio.cattle.io/hash'] = 'bce283298811743a0386ab510f2f67ef74240c57'
    msvc = service(c, 'kube-system', 'metrics-server', [sport('https', 443, 'https')], selector={'k8s-app': 'metrics-server'}, cips=['10.43.117.225'],
                   labels={'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'Metrics-server', 'objectset.rio.cattle.io/hash': 'a5d3cc86b63f9a2f6b4e24f3e1a8e0e4b8b1c6d2'},
                   created=bump(t0, 8))
    tsvc = service(c, 'kube-system', 'traefik', [sport('web', 80, 'web', node_port=32080), sport('websecure', 443, 'websecure', node_port=32443)], typ='LoadBalancer',
                   selector={'app.kubernetes.io/instance': 'traefik-kube-system', 'app.kubernetes.io/name': 'traefik'}, cips=['10.43.89.14'],
                   labels={'app.kubernetes.io/instance': 'traefik-kube-system', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/name': 'traefik', 'helm.sh/chart': 'traefik-37.1.1_up37.1.0'},
                   annotations=helm_ann, lb_ingress=[{'ip': '192.168.1.10', 'ipMode': 'VIP'}, {'ip': '192.168.1.11', 'ipMode': 'VIP'}], created=bump(t0, 88))
    wsvc = service(c, 'default', 'whoami', [sport(None, 80, 'web')], selector={'app': 'whoami'}, cips=['10.43.201.37'], created=ts)
    svcs = [kube, kdns, msvc, tsvc, wsvc]
    def E(p): return (p, p['status']['podIP'], True)
    slices = [kubernetes_slice(c, 'IPv4', ['192.168.1.10'], 6443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(cd)]); s['ports'] = [{'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}, {'name': 'metrics', 'port': 9153, 'protocol': 'TCP'}, {'name': 'dns', 'port': 53, 'protocol': 'UDP'}]; slices.append(s)
    s = slice_for(c, msvc, 'IPv4', [E(ms)]); s['ports'] = [{'name': 'https', 'port': 10250, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, tsvc, 'IPv4', [E(tr)]); s['ports'] = [{'name': 'web', 'port': 8000, 'protocol': 'TCP'}, {'name': 'websecure', 'port': 8443, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, wsvc, 'IPv4', [E(p) for p in who]); s['ports'] = [{'name': '', 'port': 80, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    return klist(sorted(svcs, key=key) + sorted(pods, key=key) + nodes + sorted(slices, key=key))

if __name__ == '__main__':
    sys.stdout.write(dump(build()))
