"""Helpers that build live-object shapes (as kubectl get -o yaml prints them) and dump them
in kubectl's YAML style (keys sorted, sequences not indented, double-quoted scalars)."""
import uuid, yaml, itertools, hashlib

class Ctx:
    def __init__(self, cluster, rv_start, t_cluster, k8s_version):
        self.cluster = cluster
        self.rv = itertools.count(rv_start, 7)
        self.t0 = t_cluster
        self.ver = k8s_version
    def uid(self, *parts):
        return str(uuid.uuid5(uuid.NAMESPACE_URL, self.cluster + '/' + '/'.join(parts)))
    def next_rv(self):
        return str(next(self.rv))

def suffix(seed, n=5, alphabet='bcdfghjklmnpqrstvwxz2456789'):
    h = hashlib.sha256(seed.encode()).digest()
    return ''.join(alphabet[b % len(alphabet)] for b in h[:n])

def rs_hash(seed):
    return suffix('rs' + seed, 10 if False else 9, 'bcdfghjklmnpqrstvwxz2456789')

# ---------------------------------------------------------------- Service
def service(c, ns, name, ports, *, selector=None, typ='ClusterIP', cips=None, families=None,
            policy='SingleStack', labels=None, annotations=None, etp=None, hcnp=None,
            lb_ingress=None, lb_class=None, created=None, extra_spec=None, extra_meta=None,
            alloc_lb_nodeports=True, publish_not_ready=None):
    md = {'creationTimestamp': created or c.t0, 'name': name, 'namespace': ns,
          'resourceVersion': c.next_rv(), 'uid': c.uid('svc', ns, name)}
    if labels: md['labels'] = labels
    if annotations: md['annotations'] = annotations
    if extra_meta: md.update(extra_meta)
    spec = {'clusterIP': cips[0], 'clusterIPs': cips, 'internalTrafficPolicy': 'Cluster',
            'ipFamilies': families or ['IPv4'], 'ipFamilyPolicy': policy, 'ports': ports,
            'sessionAffinity': 'None', 'type': typ}
    if selector is not None: spec['selector'] = selector
    if typ in ('NodePort', 'LoadBalancer'):
        spec['externalTrafficPolicy'] = etp or 'Cluster'
        if hcnp: spec['healthCheckNodePort'] = hcnp
    if typ == 'LoadBalancer':
        spec['allocateLoadBalancerNodePorts'] = alloc_lb_nodeports
        if lb_class: spec['loadBalancerClass'] = lb_class
    if publish_not_ready is not None: spec['publishNotReadyAddresses'] = publish_not_ready
    if extra_spec: spec.update(extra_spec)
    status = {'loadBalancer': {}}
    if lb_ingress:
        status = {'loadBalancer': {'ingress': lb_ingress}}
    return {'apiVersion': 'v1', 'kind': 'Service', 'metadata': md, 'spec': spec, 'status': status}

def sport(name, port, target, proto='TCP', node_port=None, app_protocol=None):
    p = {'port': port, 'protocol': proto, 'targetPort': target}
    if name is not None: p['name'] = name
    if node_port: p['nodePort'] = node_port
    if app_protocol: p['appProtocol'] = app_protocol
    return p

# ---------------------------------------------------------------- Pod
def container(name, image, ports=(), args=None, probes=None, resources=None, env=None):
    ct = {'image': image, 'imagePullPolicy': 'IfNotPresent', 'name': name,
          'resources': resources or {}, 'terminationMessagePath': '/dev/termination-log',
          'terminationMessagePolicy': 'File'}
    if ports:
        ct['ports'] = [dict(containerPort=p[0], protocol=p[2] if len(p) > 2 else 'TCP',
                            **({'name': p[1]} if p[1] else {}),
                            **({'hostPort': p[3]} if len(p) > 3 else {})) for p in ports]
    if args: ct['args'] = args
    if env: ct['env'] = env
    if probes: ct.update(probes)
    ct['volumeMounts'] = [{'mountPath': '/var/run/secrets/kubernetes.io/serviceaccount',
                           'name': 'kube-api-access', 'readOnly': True}]
    return ct

def pod(c, ns, name, labels, containers, node, host_ips, pod_ips, *, owner=None, started,
        ready=True, phase='Running', host_network=False, sa='default', annotations=None,
        priority=None, tolerations=None, node_selector=None, dns_policy=None, gen_name=None,
        hostname=None, subdomain=None, qos='BestEffort', restart_counts=None):
    vol_name = 'kube-api-access-' + suffix(ns + name, 5)
    for ct in containers:
        for vm in ct.get('volumeMounts', []):
            if vm['name'] == 'kube-api-access': vm['name'] = vol_name
    md = {'creationTimestamp': started, 'labels': labels, 'name': name, 'namespace': ns,
          'resourceVersion': c.next_rv(), 'uid': c.uid('pod', ns, name)}
    if gen_name: md['generateName'] = gen_name
    if owner: md['ownerReferences'] = [dict(owner, blockOwnerDeletion=True, controller=True)]
    if annotations: md['annotations'] = annotations
    spec = {'containers': containers, 'dnsPolicy': dns_policy or ('ClusterFirstWithHostNet' if host_network else 'ClusterFirst'),
            'enableServiceLinks': True, 'nodeName': node,
            'preemptionPolicy': 'PreemptLowerPriority', 'priority': 0, 'restartPolicy': 'Always',
            'schedulerName': 'default-scheduler', 'securityContext': {},
            'serviceAccount': sa, 'serviceAccountName': sa, 'terminationGracePeriodSeconds': 30,
            'tolerations': tolerations or [
                {'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
                {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300}],
            'volumes': [{'name': vol_name, 'projected': {'defaultMode': 420, 'sources': [
                {'serviceAccountToken': {'expirationSeconds': 3607, 'path': 'token'}},
                {'configMap': {'items': [{'key': 'ca.crt', 'path': 'ca.crt'}], 'name': 'kube-root-ca.crt'}},
                {'downwardAPI': {'items': [{'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.namespace'}, 'path': 'namespace'}]}}]}}]}
    if host_network: spec['hostNetwork'] = True
    if priority:
        spec['priority'], spec['priorityClassName'] = priority
    if node_selector: spec['nodeSelector'] = node_selector
    if hostname: spec['hostname'] = hostname
    if subdomain: spec['subdomain'] = subdomain
    t_ready = bump(started, 9)
    rdy = 'True' if ready else 'False'
    conds = [
        {'lastProbeTime': None, 'lastTransitionTime': bump(started, 4), 'status': 'True', 'type': 'PodReadyToStartContainers'},
        {'lastProbeTime': None, 'lastTransitionTime': started, 'status': 'True', 'type': 'Initialized'},
        {'lastProbeTime': None, 'lastTransitionTime': t_ready, 'status': rdy, 'type': 'Ready'},
        {'lastProbeTime': None, 'lastTransitionTime': t_ready, 'status': rdy, 'type': 'ContainersReady'},
        {'lastProbeTime': None, 'lastTransitionTime': started, 'status': 'True', 'type': 'PodScheduled'}]
    if not ready:
        for cd in conds[2:4]:
            cd['message'] = 'containers with unready status: [%s]' % containers[0]['name']
            cd['reason'] = 'ContainersNotReady'
    cstat = []
    for i, ct in enumerate(containers):
        rc = (restart_counts or {}).get(ct['name'], 0)
        cstat.append({'containerID': 'containerd://' + hashlib.sha256((ns + name + ct['name']).encode()).hexdigest(),
                      'image': ct['image'] if '/' in ct['image'].split(':')[0] else 'docker.io/library/' + ct['image'],
                      'imageID': ct['image'].split(':')[0] + '@sha256:' + hashlib.sha256(ct['image'].encode()).hexdigest(),
                      'lastState': {}, 'name': ct['name'], 'ready': ready if i == 0 else True,
                      'restartCount': rc, 'started': True,
                      'state': {'running': {'startedAt': bump(started, 3)}},
                      'volumeMounts': [{'mountPath': '/var/run/secrets/kubernetes.io/serviceaccount', 'name': vol_name, 'readOnly': True, 'recursiveReadOnly': 'Disabled'}]})
    status = {'conditions': conds, 'containerStatuses': cstat,
              'hostIP': host_ips[0], 'hostIPs': [{'ip': i} for i in host_ips],
              'phase': phase, 'podIP': pod_ips[0], 'podIPs': [{'ip': i} for i in pod_ips],
              'qosClass': qos, 'startTime': started}
    return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': md, 'spec': spec, 'status': status}

def succeeded_pod(p, finished):
    """Turn a pod into a completed Job pod (phase Succeeded, containers terminated)."""
    st = p['status']
    st['phase'] = 'Succeeded'
    for cd in st['conditions']:
        if cd['type'] in ('Ready', 'ContainersReady', 'PodReadyToStartContainers'):
            cd['status'] = 'False'; cd['reason'] = 'PodCompleted'; cd['lastTransitionTime'] = finished
            if cd['type'] == 'PodReadyToStartContainers': del cd['reason']
    for cs in st['containerStatuses']:
        cs['ready'] = False; cs['started'] = False
        cs['state'] = {'terminated': {'containerID': cs['containerID'], 'exitCode': 0,
                                      'finishedAt': finished, 'reason': 'Completed',
                                      'startedAt': bump(st['startTime'], 3)}}
    p['spec']['restartPolicy'] = 'OnFailure'
    return p

def bump(ts, seconds):
    import datetime
    t = datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%SZ') + datetime.timedelta(seconds=seconds)
    return t.strftime('%Y-%m-%dT%H:%M:%SZ')

def rs_owner(c, ns, rs_name):
    return {'apiVersion': 'apps/v1', 'kind': 'ReplicaSet', 'name': rs_name, 'uid': c.uid('rs', ns, rs_name)}
def ds_owner(c, ns, ds_name):
    return {'apiVersion': 'apps/v1', 'kind': 'DaemonSet', 'name': ds_name, 'uid': c.uid('ds', ns, ds_name)}
def sts_owner(c, ns, name):
    return {'apiVersion': 'apps/v1', 'kind': 'StatefulSet', 'name': name, 'uid': c.uid('sts', ns, name)}
def job_owner(c, ns, name):
    return {'apiVersion': 'batch/v1', 'kind': 'Job', 'name': name, 'uid': c.uid('job', ns, name)}
def node_owner(c, node):
    return {'apiVersion': 'v1', 'kind': 'Node', 'name': node, 'uid': c.uid('node', node)}

# ---------------------------------------------------------------- Node
def node(c, name, labels, addresses, *, pod_cidrs=None, provider_id=None, taints=None,
         annotations=None, created, cpu='2', mem_kib=8139860, alloc_cpu='1900m', alloc_mem='5862228Ki',
         pods='110', os_image='Ubuntu 22.04.5 LTS', kernel='5.15.0-1089-azure',
         runtime='containerd://1.7.27', kubelet=None, ready=True):
    md = {'annotations': dict({'node.alpha.kubernetes.io/ttl': '0',
                               'volumes.kubernetes.io/controller-managed-attach-detach': 'true'},
                              **(annotations or {})),
          'creationTimestamp': created,
          'labels': dict({'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux',
                          'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name,
                          'kubernetes.io/os': 'linux'}, **labels),
          'name': name, 'resourceVersion': c.next_rv(), 'uid': c.uid('node', name)}
    spec = {}
    if pod_cidrs: spec['podCIDR'], spec['podCIDRs'] = pod_cidrs[0], pod_cidrs
    if provider_id: spec['providerID'] = provider_id
    if taints: spec['taints'] = taints
    hb = '2026-11-24T09:58:41Z'
    def cond(t, st, reason, msg):
        return {'lastHeartbeatTime': hb, 'lastTransitionTime': bump(created, 30), 'message': msg,
                'reason': reason, 'status': st, 'type': t}
    status = {
        'addresses': addresses,
        'allocatable': {'cpu': alloc_cpu, 'ephemeral-storage': '119703055367', 'hugepages-1Gi': '0',
                        'hugepages-2Mi': '0', 'memory': alloc_mem, 'pods': pods},
        'capacity': {'cpu': cpu, 'ephemeral-storage': '129886128Ki', 'hugepages-1Gi': '0',
                     'hugepages-2Mi': '0', 'memory': '%dKi' % mem_kib, 'pods': pods},
        'conditions': [
            cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            cond('Ready', 'True' if ready else 'Unknown', 'KubeletReady' if ready else 'NodeStatusUnknown',
                 'kubelet is posting ready status' if ready else 'Kubelet stopped posting node status.')],
        'daemonEndpoints': {'kubeletEndpoint': {'Port': 10250}},
        'features': {'supplementalGroupsPolicy': True},
        'nodeInfo': {'architecture': 'amd64', 'bootID': c.uid('boot', name),
                     'containerRuntimeVersion': runtime, 'kernelVersion': kernel,
                     'kubeProxyVersion': '', 'kubeletVersion': kubelet or c.ver,
                     'machineID': hashlib.md5(name.encode()).hexdigest(), 'operatingSystem': 'linux',
                     'osImage': os_image, 'systemUUID': c.uid('sys', name)},
        'runtimeHandlers': [{'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': 'runc'},
                            {'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': ''}]}
    return {'apiVersion': 'v1', 'kind': 'Node', 'metadata': md, 'spec': spec, 'status': status}

# ---------------------------------------------------------------- EndpointSlice
def slice_for(c, svc, addr_type, endpoints, *, name=None, trigger=None, ports=None):
    """endpoints: list of (pod_object or None, address, ready, zone, serving, terminating)."""
    md_s = svc['metadata']
    ns, sname = md_s['namespace'], md_s['name']
    nm = name or '%s-%s' % (sname, suffix(sname + addr_type + ns, 5))
    labels = dict(md_s.get('labels', {}))
    labels.update({'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                   'kubernetes.io/service-name': sname})
    if svc['spec'].get('clusterIP') == 'None':
        labels['service.kubernetes.io/headless'] = ''
    eps = []
    for e in endpoints:
        p, addr, ready = e[0], e[1], e[2]
        zone = e[3] if len(e) > 3 else None
        serving = e[4] if len(e) > 4 else ready
        term = e[5] if len(e) > 5 else False
        ep = {'addresses': [addr], 'conditions': {'ready': ready, 'serving': serving, 'terminating': term}}
        if p is not None:
            ep['nodeName'] = p['spec']['nodeName']
            ep['targetRef'] = {'kind': 'Pod', 'name': p['metadata']['name'],
                               'namespace': p['metadata']['namespace'], 'uid': p['metadata']['uid']}
            if p['spec'].get('hostname') and p['spec'].get('subdomain') == sname:
                ep['hostname'] = p['spec']['hostname']
        if zone: ep['zone'] = zone
        eps.append(ep)
    if ports is None:
        ports = []
        for sp in svc['spec'].get('ports', []):
            tp = sp['targetPort']
            pp = {'name': sp.get('name', ''), 'port': tp if isinstance(tp, int) else None, 'protocol': sp['protocol']}
            if sp.get('appProtocol'): pp['appProtocol'] = sp['appProtocol']
            ports.append(pp)
    md = {'annotations': {'endpoints.kubernetes.io/last-change-trigger-time': trigger or bump(md_s['creationTimestamp'], 20)},
          'creationTimestamp': bump(md_s['creationTimestamp'], 1), 'generateName': sname + '-',
          'generation': 3 if len(eps) > 1 else 1, 'labels': labels, 'name': nm, 'namespace': ns,
          'ownerReferences': [{'apiVersion': 'v1', 'blockOwnerDeletion': True, 'controller': True,
                               'kind': 'Service', 'name': sname, 'uid': md_s['uid']}],
          'resourceVersion': c.next_rv(), 'uid': c.uid('eps', ns, nm)}
    out = {'addressType': addr_type, 'apiVersion': 'discovery.k8s.io/v1', 'kind': 'EndpointSlice',
           'metadata': md, 'ports': ports}
    if eps: out['endpoints'] = eps
    return out

def kubernetes_slice(c, addr_type, addrs, port, created):
    return {'addressType': addr_type, 'apiVersion': 'discovery.k8s.io/v1',
            'endpoints': [{'addresses': [a], 'conditions': {'ready': True}} for a in addrs],
            'kind': 'EndpointSlice',
            'metadata': {'creationTimestamp': created, 'generation': 1,
                         'labels': {'kubernetes.io/service-name': 'kubernetes'}, 'name': 'kubernetes',
                         'namespace': 'default', 'resourceVersion': c.next_rv(), 'uid': c.uid('eps', 'default', 'kubernetes')},
            'ports': [{'name': 'https', 'port': port, 'protocol': 'TCP'}]}

def configmap(c, ns, name, data, created, labels=None, annotations=None):
    md = {'creationTimestamp': created, 'name': name, 'namespace': ns,
          'resourceVersion': c.next_rv(), 'uid': c.uid('cm', ns, name)}
    if labels: md['labels'] = labels
    if annotations: md['annotations'] = annotations
    return {'apiVersion': 'v1', 'data': data, 'kind': 'ConfigMap', 'metadata': md}

def klist(items):
    return {'apiVersion': 'v1', 'items': items, 'kind': 'List', 'metadata': {'resourceVersion': ''}}

# ---------------------------------------------------------------- kubectl-style YAML
class KDumper(yaml.SafeDumper):
    pass
def _str(dumper, value):
    # go-yaml (used by kubectl): double quotes for a string that would read back as another type,
    # literal block for multi-line text, single quotes when a plain scalar is not allowed.
    if '\n' in value:
        return dumper.represent_scalar('tag:yaml.org,2002:str', value, style='|')
    tag = dumper.resolve(yaml.ScalarNode, value, (True, False))
    style = '"' if tag != 'tag:yaml.org,2002:str' else None
    return dumper.represent_scalar('tag:yaml.org,2002:str', value, style=style)
KDumper.add_representer(str, _str)
def _none(dumper, value):
    return dumper.represent_scalar('tag:yaml.org,2002:null', 'null')
KDumper.add_representer(type(None), _none)

def dump(obj):
    return yaml.dump(obj, Dumper=KDumper, default_flow_style=False, sort_keys=True,
                     width=float('inf'), allow_unicode=True)
