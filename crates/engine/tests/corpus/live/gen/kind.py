import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from kube import *

KUBEADM = '''apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
  extraArgs:
  - name: runtime-config
    value: ""
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: kind
controlPlaneEndpoint: kind-control-plane:6443
controllerManager:
  extraArgs:
  - name: enable-hostpath-provisioner
    value: "true"
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: v1.34.0
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16,fd00:10:244::/56
  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112
proxy: {}
scheduler: {}
'''
KUBE_PROXY = '''apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: ""
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForUnsupportedPlatforms: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
'''
KUBECONFIG_CONF = '''apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://kind-control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
'''
KUBELET = '''apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
cgroupRoot: /kubelet
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
'''
COREFILE = '''.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
'''

def build():
    """kind v0.30-style dual-stack cluster (networking.ipFamily: dual), Kubernetes v1.34.0: one
    control-plane node and two workers on the docker network `kind`."""
    c = Ctx('kind-dual', 402, '2026-11-21T10:02:13Z', 'v1.34.0')
    t0 = c.t0
    spec_nodes = [('kind-control-plane', '172.18.0.3', 'fc00:f853:ccd:e793::3', ['10.244.0.0/24', 'fd00:10:244::/64'], True),
                  ('kind-worker', '172.18.0.2', 'fc00:f853:ccd:e793::2', ['10.244.1.0/24', 'fd00:10:244:1::/64'], False),
                  ('kind-worker2', '172.18.0.4', 'fc00:f853:ccd:e793::4', ['10.244.2.0/24', 'fd00:10:244:2::/64'], False)]
    nodes, N = [], {}
    for name, v4, v6, cidrs, cp in spec_nodes:
        labels = {}
        if cp: labels['node-role.kubernetes.io/control-plane'] = ''
        if cp: labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
        n = node(c, name, labels, [{'address': v4, 'type': 'InternalIP'}, {'address': v6, 'type': 'InternalIP'}, {'address': name, 'type': 'Hostname'}],
                 pod_cidrs=cidrs, provider_id='kind://docker/kind/' + name, created=bump(t0, 0 if cp else 19),
                 taints=[{'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/control-plane'}] if cp else None,
                 annotations={'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock'},
                 cpu='8', mem_kib=32761332, alloc_cpu='8', alloc_mem='32761332Ki', os_image='Debian GNU/Linux 12 (bookworm)',
                 kernel='6.8.0-88-generic', runtime='containerd://2.1.3')
        nodes.append(n); N[name] = (v4, v6)
    cpn, w1, w2 = [n[0] for n in spec_nodes]
    pods = []
    tp = bump(t0, 40)
    def P(ns, name, labels, cts, nd, ips, **kw):
        hn = kw.get('host_network')
        p = pod(c, ns, name, labels, cts, nd, list(N[nd]), list(N[nd]) if hn else ips, started=kw.pop('started', tp), **kw)
        pods.append(p); return p
    cp_tol = [{'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/control-plane'}, {'key': 'CriticalAddonsOnly', 'operator': 'Exists'},
              {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
              {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300}]
    cds = []
    for sfx, ips in (('6lq9c', ['10.244.0.3', 'fd00:10:244::3']), ('wn7tz', ['10.244.0.4', 'fd00:10:244::4'])):
        cds.append(P('kube-system', 'coredns-66bc5c9577-' + sfx, {'k8s-app': 'kube-dns', 'pod-template-hash': '66bc5c9577'},
                     [container('coredns', 'registry.k8s.io/coredns/coredns:v1.12.1', [(53, 'dns', 'UDP'), (53, 'dns-tcp', 'TCP'), (9153, 'metrics', 'TCP'), (8080, 'liveness-probe', 'TCP'), (8181, 'readiness-probe', 'TCP')],
                                args=['-conf', '/etc/coredns/Corefile'], resources={'limits': {'memory': '170Mi'}, 'requests': {'cpu': '100m', 'memory': '70Mi'}})],
                     cpn, ips, owner=rs_owner(c, 'kube-system', 'coredns-66bc5c9577'), gen_name='coredns-66bc5c9577-', sa='coredns', dns_policy='Default',
                     priority=(2000000000, 'system-cluster-critical'), tolerations=cp_tol, qos='Burstable'))
    for comp, port in (('etcd', 2381), ('kube-apiserver', 6443), ('kube-controller-manager', 10257), ('kube-scheduler', 10259)):
        ann = {'kubernetes.io/config.hash': hashlib.md5(comp.encode()).hexdigest(), 'kubernetes.io/config.mirror': hashlib.md5(comp.encode()).hexdigest(),
               'kubernetes.io/config.seen': '2026-11-21T10:02:07.512031788Z', 'kubernetes.io/config.source': 'file'}
        if comp == 'kube-apiserver': ann['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] = '172.18.0.3:6443'
        if comp == 'etcd': ann['kubeadm.kubernetes.io/etcd.advertise-client-urls'] = 'https://172.18.0.3:2379'
        args = None
        if comp == 'kube-apiserver':
            args = None
        ct = container(comp, 'registry.k8s.io/%s:v1.34.0' % comp if comp != 'etcd' else 'registry.k8s.io/etcd:3.6.4-0')
        ct['command'] = {'etcd': ['etcd', '--advertise-client-urls=https://172.18.0.3:2379', '--listen-client-urls=https://127.0.0.1:2379,https://172.18.0.3:2379'],
                         'kube-apiserver': ['kube-apiserver', '--advertise-address=172.18.0.3', '--secure-port=6443',
                                            '--service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112', '--runtime-config='],
                         'kube-controller-manager': ['kube-controller-manager', '--allocate-node-cidrs=true', '--cluster-cidr=10.244.0.0/16,fd00:10:244::/56',
                                                     '--enable-hostpath-provisioner=true', '--service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112'],
                         'kube-scheduler': ['kube-scheduler', '--bind-address=127.0.0.1']}[comp]
        del ct['volumeMounts']
        p = P('kube-system', comp + '-kind-control-plane', {'component': comp, 'tier': 'control-plane'}, [ct], cpn, None, owner=node_owner(c, cpn),
              host_network=True, priority=(2000001000, 'system-node-critical'), annotations=ann, qos='Burstable',
              tolerations=[{'effect': 'NoExecute', 'operator': 'Exists'}], started=bump(t0, -6))
        del p['spec']['volumes']; p['spec']['serviceAccount'] = p['spec']['serviceAccountName'] = None
        del p['spec']['serviceAccount'], p['spec']['serviceAccountName']
        for cs in p['status']['containerStatuses']: del cs['volumeMounts']
    for nd in (cpn, w1, w2):
        P('kube-system', 'kindnet-' + suffix('kindnet' + nd), {'app': 'kindnet', 'controller-revision-hash': '7b8c6d9f5', 'k8s-app': 'kindnet', 'pod-template-generation': '1', 'tier': 'node'},
          [container('kindnet-cni', 'docker.io/kindest/kindnetd:v20250512-df8de77b',
                     env=[{'name': 'HOST_IP', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'status.hostIP'}}},
                          {'name': 'POD_SUBNET', 'value': '10.244.0.0/16,fd00:10:244::/56'}],
                     resources={'limits': {'cpu': '100m', 'memory': '50Mi'}, 'requests': {'cpu': '100m', 'memory': '50Mi'}})],
          nd, None, owner=ds_owner(c, 'kube-system', 'kindnet'), gen_name='kindnet-', host_network=True, sa='kindnet', qos='Guaranteed',
          tolerations=[{'effect': 'NoSchedule', 'operator': 'Exists'}] + cp_tol[2:])
        P('kube-system', 'kube-proxy-' + suffix('kp' + nd), {'controller-revision-hash': '6f86b8c5d7', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1'},
          [container('kube-proxy', 'registry.k8s.io/kube-proxy:v1.34.0', env=[{'name': 'NODE_NAME', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'spec.nodeName'}}}])],
          nd, None, owner=ds_owner(c, 'kube-system', 'kube-proxy'), gen_name='kube-proxy-', host_network=True, sa='kube-proxy',
          priority=(2000001000, 'system-node-critical'), tolerations=[{'operator': 'Exists'}])
    P('local-path-storage', 'local-path-provisioner-7b8c8ddbd6-kzr7x', {'app': 'local-path-provisioner', 'pod-template-hash': '7b8c8ddbd6'},
      [container('local-path-provisioner', 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a')], cpn, ['10.244.0.2', 'fd00:10:244::2'],
      owner=rs_owner(c, 'local-path-storage', 'local-path-provisioner-7b8c8ddbd6'), gen_name='local-path-provisioner-7b8c8ddbd6-', sa='local-path-provisioner-service-account', tolerations=cp_tol)
    ts = '2026-11-21T10:31:50Z'
    web = []
    for sfx, nd, ips in (('c8p2x', w1, ['10.244.1.5', 'fd00:10:244:1::5']), ('r4m9k', w2, ['10.244.2.7', 'fd00:10:244:2::7'])):
        web.append(P('demo', 'web-5f7d8c9b64-' + sfx, {'app': 'web', 'pod-template-hash': '5f7d8c9b64'},
                     [container('nginx', 'nginx:1.29', [(80, 'http', 'TCP')])], nd, ips, owner=rs_owner(c, 'demo', 'web-5f7d8c9b64'), gen_name='web-5f7d8c9b64-', started=ts))
    echo = []
    for sfx, nd, ips, rdy in (('h2vqb', w1, ['10.244.1.6', 'fd00:10:244:1::6'], True), ('t9xzn', w2, ['10.244.2.8', 'fd00:10:244:2::8'], False)):
        echo.append(P('demo', 'echo-7c6b5d4f8-' + sfx, {'app': 'echo', 'pod-template-hash': '7c6b5d4f8'},
                      [container('agnhost', 'registry.k8s.io/e2e-test-images/agnhost:2.53', [(8080, 'http', 'TCP'), (8081, 'udp', 'UDP')], args=['netexec', '--http-port=8080', '--udp-port=8081'])],
                      nd, ips, owner=rs_owner(c, 'demo', 'echo-7c6b5d4f8'), gen_name='echo-7c6b5d4f8-', started=ts, ready=rdy))
    db = P('demo', 'db-0', {'app': 'db', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'db-58d9f6c7b4', 'statefulset.kubernetes.io/pod-name': 'db-0'},
           [container('postgres', 'postgres:17.6', [(5432, 'pg', 'TCP')])], w1, ['10.244.1.9', 'fd00:10:244:1::9'],
           owner=sts_owner(c, 'demo', 'db'), gen_name='db-', started=ts, hostname='db-0', subdomain='db')
    v6app = P('demo', 'v6only-6d9b8f7c5-pl3rw', {'app': 'v6only', 'pod-template-hash': '6d9b8f7c5'},
              [container('nginx', 'nginx:1.29', [(80, 'http', 'TCP')])], w2, ['10.244.2.9', 'fd00:10:244:2::9'],
              owner=rs_owner(c, 'demo', 'v6only-6d9b8f7c5'), gen_name='v6only-6d9b8f7c5-', started=ts)
    kube = service(c, 'default', 'kubernetes', [sport('https', 443, 6443)], cips=['10.96.0.1'], labels={'component': 'apiserver', 'provider': 'kubernetes'}, created=t0)
    kdns = service(c, 'kube-system', 'kube-dns', [sport('dns', 53, 53, 'UDP'), sport('dns-tcp', 53, 53, 'TCP'), sport('metrics', 9153, 9153)],
                   selector={'k8s-app': 'kube-dns'}, cips=['10.96.0.10'], labels={'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS'},
                   annotations={'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true'}, created=bump(t0, 3))
    wsvc = service(c, 'demo', 'web', [sport('http', 80, 'http')], selector={'app': 'web'}, cips=['10.96.45.120', 'fd00:10:96::5a3c'],
                   families=['IPv4', 'IPv6'], policy='PreferDualStack', created=ts)
    esvc = service(c, 'demo', 'echo', [sport('http', 8080, 'http', node_port=30080), sport('udp', 8081, 'udp', 'UDP', node_port=30081)], typ='NodePort',
                   selector={'app': 'echo'}, cips=['fd00:10:96::c1f2', '10.96.201.7'], families=['IPv6', 'IPv4'], policy='RequireDualStack', created=ts)
    dsvc = service(c, 'demo', 'db', [sport('pg', 5432, 'pg')], selector={'app': 'db'}, cips=['None'], families=['IPv4', 'IPv6'], policy='PreferDualStack', created=ts)
    v6svc = service(c, 'demo', 'v6only', [sport(None, 80, 80)], selector={'app': 'v6only'}, cips=['fd00:10:96::2b'], families=['IPv6'], created=ts)
    v4svc = service(c, 'demo', 'web-v4', [sport(None, 8080, 'http')], selector={'app': 'web'}, cips=['10.96.18.4'], created=ts)
    svcs = [kube, kdns, wsvc, esvc, dsvc, v6svc, v4svc]
    def E(p, fam, ready=True):
        ip = p['status']['podIPs'][0 if fam == 4 else 1]['ip']
        return (p, ip, ready)
    slices = [kubernetes_slice(c, 'IPv4', ['172.18.0.3'], 6443, t0)]
    s = slice_for(c, kdns, 'IPv4', [E(p, 4) for p in cds]); s['ports'] = [{'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP'}, {'name': 'metrics', 'port': 9153, 'protocol': 'TCP'}, {'name': 'dns', 'port': 53, 'protocol': 'UDP'}]; slices.append(s)
    for fam, at in ((4, 'IPv4'), (6, 'IPv6')):
        s = slice_for(c, wsvc, at, [E(p, fam) for p in web]); s['ports'] = [{'name': 'http', 'port': 80, 'protocol': 'TCP'}]; slices.append(s)
        s = slice_for(c, esvc, at, [E(echo[0], fam), E(echo[1], fam, False)]); s['ports'] = [{'name': 'http', 'port': 8080, 'protocol': 'TCP'}, {'name': 'udp', 'port': 8081, 'protocol': 'UDP'}]; slices.append(s)
        s = slice_for(c, dsvc, at, [E(db, fam)]); s['ports'] = [{'name': 'pg', 'port': 5432, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, v6svc, 'IPv6', [E(v6app, 6)]); s['ports'] = [{'name': '', 'port': 80, 'protocol': 'TCP'}]; slices.append(s)
    s = slice_for(c, v4svc, 'IPv4', [E(p, 4) for p in web]); s['ports'] = [{'name': '', 'port': 80, 'protocol': 'TCP'}]; slices.append(s)
    key = lambda o: (o['metadata'].get('namespace', ''), o['metadata']['name'])
    main = klist(sorted(svcs, key=key) + sorted(pods, key=key) + nodes + sorted(slices, key=key))
    cms = klist([
        configmap(c, 'kube-system', 'kubeadm-config', {'ClusterConfiguration': KUBEADM}, bump(t0, 1)),
        configmap(c, 'kube-system', 'kube-proxy', {'config.conf': KUBE_PROXY, 'kubeconfig.conf': KUBECONFIG_CONF}, bump(t0, 3), labels={'app': 'kube-proxy'}),
        configmap(c, 'kube-system', 'kubelet-config', {'kubelet': KUBELET}, bump(t0, 1)),
        configmap(c, 'kube-system', 'coredns', {'Corefile': COREFILE}, bump(t0, 3))])
    return main, cms

if __name__ == '__main__':
    main, cms = build()
    sys.stdout.write(dump(main) + '---\n' + dump(cms))
