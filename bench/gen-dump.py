#!/usr/bin/env python3
"""A realistic cluster dump, as `kubectl get svc,pods,nodes,endpointslices,deploy,rs -A -o yaml`
prints it, of about MEGABYTES (default 24). Deterministic: the same arguments give the same text.

  gen-dump.py [MEGABYTES] [--seed N] [--managed-fields] [--json] > dump.yaml

--json writes the same objects as `-o json` prints them (MEGABYTES is still the size of the YAML
form; the JSON form is about 2.2 times larger): Go's json.MarshalIndent of the List, 4-space
indentation, each object's keys sorted by their bytes (the items are unstructured maps), `{}` and
`[]` for empty ones, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\\u003c`..., other non-ASCII
characters as they are, and a final newline.

Every object carries what a live object carries: metadata (uid, resourceVersion, generation,
creationTimestamp, ownerReferences, labels, annotations such as
kubectl.kubernetes.io/last-applied-configuration), the spec as the API server defaulted it
(probes, tolerations, the kube-api-access projected volume...) and the status written by the
controllers and the kubelet (conditions, containerStatuses, hostIPs/podIPs; node images, nodeInfo,
capacity). The cluster: nodes in three zones (one control plane), kube-system (kube-proxy on every
node, CoreDNS, kube-dns), Deployments with their current and old ReplicaSets, pods that are
Running, CrashLooping, Pending or Completed (Jobs), Services of every type, and the EndpointSlices
the controller writes for them (at most 100 endpoints per slice).

The text is written the way kubectl writes it (sigs.k8s.io/yaml, i.e. go-yaml v2 after a JSON
round trip): a `kind: List` whose keys are sorted (so `items:` comes before `kind: List`, and an
EndpointSlice item starts with `- addressType:`), 2-space indentation, sequences not indented
under their key, `{}`/`[]` for empty maps and lists, double quotes on strings that would
otherwise read as another type ("True", "0", "2026-01-10T08:00:00Z", ""), single quotes on
strings plain YAML cannot hold ('... status: [app]'), long values folded after column 80, and `|`
literals for values that end in a newline (last-applied-configuration).
managedFields are left out, as kubectl does unless --show-managed-fields; --managed-fields adds them.
"""
import argparse
import json
import random
import re
import sys
from datetime import datetime, timedelta, timezone

# ---------------------------------------------------------------------------------------- emitter
# go-yaml v2's output rules (the ones kubectl's YAML printer goes through).

BEST_WIDTH = 80
_INT = re.compile(r'^[-+]?(0|[1-9][0-9_]*|0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+)$')
_FLOAT = re.compile(r'^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$')
_SPECIAL_FLOAT = {'.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN'}
_BOOL_NULL = {
    'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False',
    'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '',
}
_TIMESTAMP = re.compile(r'^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?[ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$')
_BASE60 = re.compile(r'^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$')


def _resolves_to_non_string(s):
    return (s in _BOOL_NULL or s in _SPECIAL_FLOAT or bool(_INT.match(s)) or bool(_FLOAT.match(s))
            or bool(_TIMESTAMP.match(s)) or bool(_BASE60.match(s)))


def _plain_allowed(s):
    """libyaml's analysis: may `s` be written as a block plain scalar?"""
    if not s or s[0] in ' \t' or s[-1] in ' \t' or s.startswith(('---', '...')):
        return False
    if s[0] in '#,[]{}&*!|>\'"%@`':
        return False
    if s[0] in '-?:' and (len(s) == 1 or s[1] in ' \t'):
        return False
    if s[-1] == ':' or ': ' in s or ' #' in s or '\t' in s:
        return False
    return all(' ' <= c <= '~' or c >= '\xa0' for c in s)


def _fold(words, column, indent):
    """Writes space-separated `words` from `column`, breaking at a space once past BEST_WIDTH."""
    out = [words[0]]
    column += len(words[0])
    for w in words[1:]:
        if column > BEST_WIDTH and w:
            out.append('\n' + ' ' * indent)
            column = indent
        else:
            out.append(' ')
            column += 1
        out.append(w)
        column += len(w)
    return ''.join(out)


def scalar(v, column, indent):
    """The text of a scalar value starting at `column`; continuation lines are at `indent`."""
    if v is None:
        return 'null'
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    if isinstance(v, int):
        return str(v)
    s = str(v)
    if '\n' in s:
        chomp = '' if s.endswith('\n') and not s.endswith('\n\n') else ('-' if not s.endswith('\n') else '+')
        body = s[:-1] if s.endswith('\n') else s
        return '|' + chomp + ''.join('\n' + (' ' * indent + line if line else '') for line in body.split('\n'))
    if _resolves_to_non_string(s):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
    if _plain_allowed(s):
        return _fold(s.split(' '), column, indent) if ' ' in s else s
    quoted = "'" + s.replace("'", "''") + "'"
    return _fold(quoted.split(' '), column, indent) if ' ' in quoted else quoted


def _key_order(k):
    """go-yaml v2's map key order: non-letters before letters, runs of digits by value."""
    out = []
    for part in re.findall(r'\d+|\D', k):
        if part.isdigit():
            out.append((1, int(part), len(part), ''))
        elif part.isalpha():
            out.append((2, 0, 0, part))
        else:
            out.append((0, 0, 0, part))
    return out


def emit(v, indent, out, first=''):
    """Appends the block lines of map or list `v` at `indent` to `out`. `first` replaces the
    indentation of the first line (the `- ` of a sequence item)."""
    lead = first or ' ' * indent
    if isinstance(v, dict):
        for k in sorted(v, key=_key_order):
            x = v[k]
            key = k if _plain_allowed(k) and not _resolves_to_non_string(k) else scalar(k, 0, 0)
            if isinstance(x, dict) and x:
                out.append(f'{lead}{key}:\n')
                emit(x, indent + 2, out)
            elif isinstance(x, list) and x:
                out.append(f'{lead}{key}:\n')
                emit(x, indent, out)
            elif isinstance(x, (dict, list)):
                out.append(f'{lead}{key}: {"{}" if isinstance(x, dict) else "[]"}\n')
            else:
                prefix = f'{lead}{key}: '
                out.append(prefix + scalar(x, len(prefix), indent + 2) + '\n')
            lead = ' ' * indent
    else:
        for x in v:
            dash = lead + '- '
            if isinstance(x, dict) and x:
                emit(x, indent + 2, out, dash)
            elif isinstance(x, (dict, list)):
                out.append(dash + ('{}' if isinstance(x, dict) else '[]') + '\n')
            else:
                out.append(dash + scalar(x, len(dash), indent + 2) + '\n')
            lead = ' ' * indent


def to_yaml(obj):
    out = []
    emit(obj, 0, out)
    return ''.join(out)


# ---------------------------------------------------------------------------------------- cluster

NOW = datetime(2026, 1, 12, 9, 30, 0, tzinfo=timezone.utc)
HASH_CHARS = 'bcdfghjklmnpqrstvwxz2456789'  # k8s.io/apimachinery/pkg/util/rand
REGISTRY = 'registry.example.com'
K8S_VERSION = 'v1.34.2'


class Cluster:
    def __init__(self, seed, managed_fields):
        self.r = random.Random(seed)
        self.rv = 4_100_000 + self.r.randrange(100_000)
        self.managed = managed_fields
        self.svc_ips = set()
        self.node_ports = set()
        self.app_names = set()

    # --- little generators
    def uid(self):
        h = '%032x' % self.r.getrandbits(128)
        return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-{"89ab"[self.r.randrange(4)]}{h[17:20]}-{h[20:]}'

    def hexs(self, n):
        return '%0*x' % (n, self.r.getrandbits(4 * n))

    def rand_str(self, n):
        return ''.join(self.r.choice(HASH_CHARS) for _ in range(n))

    def resource_version(self):
        self.rv += self.r.randrange(1, 40)
        return str(self.rv)

    def ago(self, lo_s, hi_s, since=None):
        t = (since or NOW) - timedelta(seconds=self.r.randrange(lo_s, hi_s))
        return t

    @staticmethod
    def ts(t):
        return t.strftime('%Y-%m-%dT%H:%M:%SZ')

    def service_ip(self):
        while True:
            ip = f'10.{96 + self.r.randrange(16)}.{self.r.randrange(256)}.{self.r.randrange(1, 255)}'
            if ip not in self.svc_ips:
                self.svc_ips.add(ip)
                return ip

    def node_port(self):
        while True:
            p = self.r.randrange(30000, 32768)
            if p not in self.node_ports:
                self.node_ports.add(p)
                return p

    def managed_entry(self, manager, operation, t, fields, subresource=None, api='v1'):
        e = {'apiVersion': api, 'fieldsType': 'FieldsV1', 'fieldsV1': fields, 'manager': manager,
             'operation': operation, 'time': self.ts(t)}
        if subresource:
            e['subresource'] = subresource
        return e


def image_for(c, app):
    return f'{REGISTRY}/{app["team"]}/{app["name"]}:{app["version"]}'


def build_nodes(c, count):
    nodes = []
    zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']
    common_images = [
        (f'registry.k8s.io/kube-proxy:{K8S_VERSION}', 30_500_000 + c.r.randrange(900_000)),
        ('registry.k8s.io/coredns/coredns:v1.12.1', 22_384_805),
        ('registry.k8s.io/pause:3.10', 320_368),
        ('quay.io/prometheus/node-exporter:v1.9.1', 12_870_000),
        ('docker.io/calico/node:v3.30.2', 150_010_000),
        ('docker.io/calico/cni:v3.30.2', 96_100_000),
    ]
    for i in range(count):
        control = i == 0
        name = f'ip-192-168-{10 + i // 200}-{10 + i % 200}.eu-west-1.compute.internal'
        ip = f'192.168.{10 + i // 200}.{10 + i % 200}'
        zone = zones[i % 3]
        created = c.ago(86400 * 30, 86400 * 90)
        labels = {
            'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/instance-type': 'm6i.2xlarge',
            'beta.kubernetes.io/os': 'linux', 'failure-domain.beta.kubernetes.io/region': 'eu-west-1',
            'failure-domain.beta.kubernetes.io/zone': zone, 'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
            'node.kubernetes.io/instance-type': 'm6i.2xlarge', 'topology.kubernetes.io/region': 'eu-west-1',
            'topology.kubernetes.io/zone': zone,
        }
        if control:
            labels['node-role.kubernetes.io/control-plane'] = ''
            labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
        spec = {'podCIDR': f'10.244.{i}.0/24', 'podCIDRs': [f'10.244.{i}.0/24'],
                'providerID': f'aws:///{zone}/i-0{c.hexs(16)}'}
        if control:
            spec['taints'] = [{'effect': 'NoSchedule', 'key': 'node-role.kubernetes.io/control-plane'}]
        beat = c.ts(c.ago(5, 60))
        since = c.ts(created + timedelta(seconds=40))
        conds = []
        for typ, reason, msg in [
            ('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            ('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            ('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            ('Ready', 'KubeletReady', 'kubelet is posting ready status'),
        ]:
            conds.append({'lastHeartbeatTime': beat, 'lastTransitionTime': since, 'message': msg, 'reason': reason,
                          'status': 'True' if typ == 'Ready' else 'False', 'type': typ})
        images = []
        for img, size in common_images:
            repo = img.rsplit(':', 1)[0]
            images.append({'names': [f'{repo}@sha256:{c.hexs(64)}', img], 'sizeBytes': size})
        for _ in range(c.r.randrange(10, 30)):
            team = f'team-{c.r.choice(TEAMS)}'
            app = f'{c.r.choice(WORDS)}-{c.r.choice(NOUNS)}'
            img = f'{REGISTRY}/{team}/{app}:1.{c.r.randrange(30)}.{c.r.randrange(10)}'
            images.append({'names': [f'{REGISTRY}/{team}/{app}@sha256:{c.hexs(64)}', img],
                           'sizeBytes': c.r.randrange(20_000_000, 900_000_000)})
        images.sort(key=lambda im: -im['sizeBytes'])
        node = {
            'apiVersion': 'v1', 'kind': 'Node',
            'metadata': {
                'annotations': {
                    'alpha.kubernetes.io/provided-node-ip': ip,
                    'csi.volume.kubernetes.io/nodeid': json.dumps({'ebs.csi.aws.com': spec['providerID'].rsplit('/', 1)[1]}, separators=(',', ':')),
                    'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
                    'node.alpha.kubernetes.io/ttl': '0',
                    'projectcalico.org/IPv4Address': f'{ip}/24',
                    'projectcalico.org/IPv4IPIPTunnelAddr': f'10.244.{i}.0',
                    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
                },
                'creationTimestamp': c.ts(created), 'labels': labels, 'name': name,
                'resourceVersion': c.resource_version(), 'uid': c.uid(),
            },
            'spec': spec,
            'status': {
                'addresses': [{'address': ip, 'type': 'InternalIP'}, {'address': name, 'type': 'InternalDNS'},
                              {'address': name, 'type': 'Hostname'}],
                'allocatable': {'cpu': '7910m', 'ephemeral-storage': '95491281146', 'hugepages-1Gi': '0',
                                'hugepages-2Mi': '0', 'memory': '31482500Ki', 'pods': '110'},
                'capacity': {'cpu': '8', 'ephemeral-storage': '104779756Ki', 'hugepages-1Gi': '0',
                             'hugepages-2Mi': '0', 'memory': '32404100Ki', 'pods': '110'},
                'conditions': conds,
                'daemonEndpoints': {'kubeletEndpoint': {'Port': 10250}},
                'features': {'supplementalGroupsPolicy': True},
                'images': images,
                'nodeInfo': {'architecture': 'amd64', 'bootID': c.uid(), 'containerRuntimeVersion': 'containerd://2.1.4',
                             'kernelVersion': '6.12.48+deb13-cloud-amd64', 'kubeProxyVersion': '', 'kubeletVersion': K8S_VERSION,
                             'machineID': c.hexs(32), 'operatingSystem': 'linux', 'osImage': 'Debian GNU/Linux 13 (trixie)',
                             'systemUUID': f'ec2{c.hexs(5)}-{c.hexs(4)}-{c.hexs(4)}-{c.hexs(4)}-{c.hexs(12)}'},
                'runtimeHandlers': [{'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': 'runc'},
                                    {'features': {'recursiveReadOnlyMounts': True, 'userNamespaces': True}, 'name': ''}],
            },
        }
        nodes.append({'name': name, 'ip': ip, 'zone': zone, 'index': i, 'control': control, 'pods': 0, 'obj': node})
    return nodes


TEAMS = ['payments', 'search', 'checkout', 'catalog', 'identity', 'growth', 'data', 'platform', 'mobile', 'ml',
         'ads', 'billing', 'support', 'infra', 'web', 'media']
WORDS = ['order', 'cart', 'user', 'price', 'stock', 'ship', 'auth', 'feed', 'rank', 'mail', 'push', 'quote', 'tax',
         'cdn', 'geo', 'img', 'report', 'audit', 'promo', 'review']
NOUNS = ['api', 'worker', 'gateway', 'service', 'consumer', 'sync', 'frontend', 'backend', 'indexer', 'cache',
         'scheduler', 'proxy']


def kube_api_volume(c):
    name = f'kube-api-access-{c.rand_str(5)}'
    vol = {'name': name, 'projected': {'defaultMode': 420, 'sources': [
        {'serviceAccountToken': {'expirationSeconds': 3607, 'path': 'token'}},
        {'configMap': {'items': [{'key': 'ca.crt', 'path': 'ca.crt'}], 'name': 'kube-root-ca.crt'}},
        {'downwardAPI': {'items': [{'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.namespace'}, 'path': 'namespace'}]}},
    ]}}
    mount = {'mountPath': '/var/run/secrets/kubernetes.io/serviceaccount', 'name': name, 'readOnly': True}
    return vol, mount


def probe(port, path, initial):
    return {'failureThreshold': 3, 'httpGet': {'path': path, 'port': port, 'scheme': 'HTTP'},
            'initialDelaySeconds': initial, 'periodSeconds': 10, 'successThreshold': 1, 'timeoutSeconds': 1}


def container_templates(c, app):
    """The containers of an app's pod template, as the API server defaults them."""
    main = {
        'env': [{'name': 'LOG_LEVEL', 'value': c.r.choice(['info', 'debug', 'warn'])},
                {'name': 'POD_NAME', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.name'}}},
                {'name': 'POD_NAMESPACE', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'metadata.namespace'}}},
                {'name': 'OTEL_EXPORTER_OTLP_ENDPOINT', 'value': 'http://otel-collector.monitoring.svc.cluster.local:4317'}],
        'image': image_for(c, app), 'imagePullPolicy': 'IfNotPresent', 'name': app['container'],
        'ports': [{'containerPort': p['containerPort'], 'name': p['name'], 'protocol': 'TCP'} for p in app['ports']],
        'resources': {'limits': {'memory': app['mem_limit']}, 'requests': {'cpu': app['cpu'], 'memory': app['mem']}},
        'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File',
    }
    if app['args']:
        main['args'] = app['args']
    if app['probes']:
        main['livenessProbe'] = probe(app['ports'][0]['name'], '/healthz', 15)
        main['readinessProbe'] = probe(app['ports'][0]['name'], '/readyz', 5)
    containers = [main]
    if app['sidecar']:
        containers.append({
            'args': ['--config=/etc/otel/config.yaml', '--feature-gates=-component.UseLocalHostAsDefaultHost'],
            'image': 'otel/opentelemetry-collector-contrib:0.129.0', 'imagePullPolicy': 'IfNotPresent', 'name': 'otel-agent',
            'ports': [{'containerPort': 8888, 'name': 'metrics', 'protocol': 'TCP'}],
            'resources': {'limits': {'memory': '128Mi'}, 'requests': {'cpu': '20m', 'memory': '64Mi'}},
            'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File',
        })
    return containers


def last_applied(obj):
    return json.dumps(obj, separators=(',', ':'), sort_keys=True) + '\n'


def pod_template(c, app, rs_hash=None):
    labels = dict(app['labels'])
    if rs_hash:
        labels['pod-template-hash'] = rs_hash
    meta = {'creationTimestamp': None, 'labels': labels}
    if app['restarted']:
        meta['annotations'] = {'kubectl.kubernetes.io/restartedAt': app['restarted']}
    return {'metadata': meta, 'spec': {
        'containers': container_templates(c, app), 'dnsPolicy': 'ClusterFirst', 'restartPolicy': 'Always',
        'schedulerName': 'default-scheduler', 'securityContext': {}, 'terminationGracePeriodSeconds': 30,
    }}


def build_app(c, idx, namespaces):
    team = namespaces[idx % len(namespaces)]
    name = f'{c.r.choice(WORDS)}-{c.r.choice(NOUNS)}'
    if c.r.random() < 0.3:
        name += f'-{c.r.choice(["v2", "eu", "internal", "canary", "blue", "green"])}'
    if c.r.random() < 0.5 or (team, name) in c.app_names:
        name = f'{name}-{idx}'
    c.app_names.add((team, name))
    replicas = c.r.choice([1, 1, 2, 2, 2, 3, 3, 3, 4, 5, 6, 8, 10, 12, 20])
    port_name = c.r.choice(['http', 'http', 'web', 'grpc'])
    ports = [{'name': port_name, 'containerPort': c.r.choice([8080, 8080, 3000, 9090, 5000])}]
    if c.r.random() < 0.3:
        ports.append({'name': 'metrics', 'containerPort': 9102})
    args = []
    if c.r.random() < 0.35:
        args = [f'--listen=:{ports[0]["containerPort"]}', '--log-format=json',
                f'--upstream=http://{c.r.choice(WORDS)}-api.{team}.svc.cluster.local:80',
                '--description=' + ' '.join(c.r.choice(WORDS + NOUNS) for _ in range(c.r.randrange(12, 24)))]
    created = c.ago(86400 * 3, 86400 * 60)
    return {
        'name': name, 'ns': team, 'team': team, 'replicas': replicas, 'ports': ports,
        'container': c.r.choice(['app', 'server', name.split('-')[0]]),
        'labels': {'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': team, 'app': name},
        'version': f'1.{c.r.randrange(40)}.{c.r.randrange(10)}', 'cpu': c.r.choice(['50m', '100m', '250m', '500m']),
        'mem': c.r.choice(['64Mi', '128Mi', '256Mi', '512Mi']), 'mem_limit': c.r.choice(['256Mi', '512Mi', '1Gi']),
        'args': args, 'probes': c.r.random() < 0.8, 'sidecar': c.r.random() < 0.25,
        'restarted': c.ts(c.ago(3600, 86400 * 2)) if c.r.random() < 0.2 else None,
        'created': created, 'revisions': c.r.choice([1, 1, 2, 3, 4, 6]),
        'svc_type': c.r.choice(['ClusterIP'] * 14 + ['NodePort', 'LoadBalancer', 'headless']),
        'crashing': c.r.random() < 0.04,
    }


def owner(kind, name, uid, api='apps/v1'):
    return {'apiVersion': api, 'blockOwnerDeletion': True, 'controller': True, 'kind': kind, 'name': name, 'uid': uid}


def make_pod(c, nodes, *, name, ns, labels, containers, owner_ref, created, state='running', host_network=False,
             node=None, generate_name=None, annotations=None, extra_spec=None, priority=0, priority_class=None):
    vol, mount = kube_api_volume(c)
    containers = [dict(x, volumeMounts=list(x.get('volumeMounts', [])) + [mount]) for x in containers]
    if node is None and state != 'pending':
        workers = nodes[1:] or nodes
        node = min(c.r.sample(workers, min(3, len(workers))), key=lambda n: n['pods'])
    meta = {'creationTimestamp': c.ts(created), 'generation': 1, 'labels': labels, 'name': name, 'namespace': ns,
            'ownerReferences': [owner_ref], 'resourceVersion': c.resource_version(), 'uid': c.uid()}
    if generate_name:
        meta['generateName'] = generate_name
    if annotations:
        meta['annotations'] = annotations
    spec = {'containers': containers, 'dnsPolicy': 'ClusterFirst', 'enableServiceLinks': True,
            'preemptionPolicy': 'PreemptLowerPriority', 'priority': priority, 'restartPolicy': 'Always',
            'schedulerName': 'default-scheduler', 'securityContext': {}, 'serviceAccount': 'default',
            'serviceAccountName': 'default', 'terminationGracePeriodSeconds': 30,
            'tolerations': [{'effect': 'NoExecute', 'key': 'node.kubernetes.io/not-ready', 'operator': 'Exists', 'tolerationSeconds': 300},
                            {'effect': 'NoExecute', 'key': 'node.kubernetes.io/unreachable', 'operator': 'Exists', 'tolerationSeconds': 300}],
            'volumes': [vol]}
    if priority_class:
        spec['priorityClassName'] = priority_class
    if extra_spec:
        spec.update(extra_spec)
    if node:
        spec['nodeName'] = node['name']
    started = created + timedelta(seconds=c.r.randrange(1, 20))
    ready = state == 'running'
    req_mem = any('memory' in x.get('resources', {}).get('requests', {}) for x in containers)
    has_limits = all(x.get('resources', {}).get('limits') == x.get('resources', {}).get('requests') and x.get('resources', {}).get('limits') for x in containers)
    status = {'qosClass': 'Guaranteed' if has_limits else ('Burstable' if req_mem else 'BestEffort')}
    if state == 'pending':
        n = len(nodes)
        status.update({'conditions': [{
            'lastProbeTime': None, 'lastTransitionTime': c.ts(created),
            'message': f'0/{n} nodes are available: 1 node(s) had untolerated taint {{node-role.kubernetes.io/control-plane: }}, '
                       f'{n - 1} Insufficient memory. preemption: 0/{n} nodes are available: 1 Preemption is not helpful for '
                       f'scheduling, {n - 1} No preemption victims found for incoming pod.',
            'reason': 'Unschedulable', 'status': 'False', 'type': 'PodScheduled'}], 'phase': 'Pending'})
        return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': meta, 'spec': spec, 'status': status}, None
    node['pods'] += 1
    ip = node['ip'] if host_network else f'10.244.{node["index"]}.{(node["pods"] % 250) + 2}'
    t = lambda d: c.ts(started + timedelta(seconds=d))  # noqa: E731
    done = state == 'succeeded'
    conds = [('PodReadyToStartContainers', 'False' if done else 'True', 2), ('Initialized', 'True', 0),
             ('Ready', 'True' if ready else 'False', 8), ('ContainersReady', 'True' if ready else 'False', 8),
             ('PodScheduled', 'True', -1)]
    status['conditions'] = []
    for typ, st, d in conds:
        cond = {'lastProbeTime': None, 'lastTransitionTime': t(d), 'status': st, 'type': typ}
        if st == 'False' and typ in ('Ready', 'ContainersReady'):
            cond['reason'] = 'PodCompleted' if done else 'ContainersNotReady'
            if not done:
                cond['message'] = f'containers with unready status: [{containers[0]["name"]}]'
        status['conditions'].append(cond)
    cstat = []
    for k, x in enumerate(containers):
        image = x['image']
        repo = image.rsplit(':', 1)[0]
        s = {'containerID': f'containerd://{c.hexs(64)}', 'image': image, 'imageID': f'{repo}@sha256:{c.hexs(64)}',
             'lastState': {}, 'name': x['name'], 'ready': ready, 'restartCount': 0, 'started': ready,
             'state': {'running': {'startedAt': t(3 + k)}},
             'volumeMounts': [dict(m, recursiveReadOnly='Disabled') if m.get('readOnly') else m for m in x['volumeMounts']]}
        if state == 'crashloop' and k == 0:
            restarts = c.r.randrange(5, 400)
            s.update({'lastState': {'terminated': {'containerID': f'containerd://{c.hexs(64)}', 'exitCode': 1,
                                                   'finishedAt': c.ts(c.ago(30, 300)), 'reason': 'Error',
                                                   'startedAt': c.ts(c.ago(300, 600))}},
                      'restartCount': restarts, 'started': False,
                      'state': {'waiting': {'message': f'back-off 5m0s restarting failed container={x["name"]} pod={name}_{ns}({meta["uid"]})',
                                            'reason': 'CrashLoopBackOff'}}})
        elif done:
            s.update({'started': False, 'state': {'terminated': {'containerID': s['containerID'], 'exitCode': 0,
                                                                 'finishedAt': t(95), 'reason': 'Completed', 'startedAt': t(3)}}})
        cstat.append(s)
    status.update({'containerStatuses': cstat, 'hostIP': node['ip'], 'hostIPs': [{'ip': node['ip']}],
                   'phase': 'Succeeded' if done else 'Running', 'podIP': ip, 'podIPs': [{'ip': ip}],
                   'startTime': c.ts(started)})
    pod = {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': meta, 'spec': spec, 'status': status}
    if c.managed:
        add_pod_managed_fields(c, pod, created, started)
    return pod, {'ip': ip, 'node': node, 'name': name, 'uid': meta['uid'], 'ready': ready and not done, 'done': done}


def add_pod_managed_fields(c, pod, created, started):
    md = pod['metadata']
    own = md['ownerReferences'][0]
    mdf = {'f:labels': {'.': {}, **{f'f:{k}': {} for k in md['labels']}},
           'f:ownerReferences': {'.': {}, f'k:{{"uid":"{own["uid"]}"}}': {}}}
    if 'generateName' in md:
        mdf['f:generateName'] = {}
    ctrs = {}
    for x in pod['spec']['containers']:
        f = {'.': {}, 'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {}, 'f:resources': {'.': {}},
             'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {}}
        if x.get('ports'):
            f['f:ports'] = {'.': {}, **{f'k:{{"containerPort":{p["containerPort"]},"protocol":"TCP"}}':
                                        {'.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {}} for p in x['ports']}}
        if x.get('env'):
            f['f:env'] = {'.': {}, **{f'k:{{"name":"{e["name"]}"}}': {'.': {}, 'f:name': {}, ('f:value' if 'value' in e else 'f:valueFrom'): {}}
                                      for e in x['env']}}
        ctrs[f'k:{{"name":"{x["name"]}"}}'] = f
    spec = {'f:containers': ctrs, 'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {},
            'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {}}
    status = {'f:conditions': {f'k:{{"type":"{x["type"]}"}}': {'.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {},
                                                                'f:status': {}, 'f:type': {}} for x in pod['status']['conditions']},
              'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:phase': {}, 'f:podIP': {},
              'f:podIPs': {'.': {}, f'k:{{"ip":"{pod["status"].get("podIP", "")}"}}': {'.': {}, 'f:ip': {}}}, 'f:startTime': {}}
    md['managedFields'] = [
        c.managed_entry('kube-controller-manager', 'Update', created, {'f:metadata': mdf, 'f:spec': spec}),
        c.managed_entry('kubelet', 'Update', started, {'f:status': status}, subresource='status'),
    ]


def endpoint_slices(c, svc, backends, ports, created, svc_uid):
    """The EndpointSlices the controller writes for `svc`: at most 100 endpoints each."""
    slices = []
    chunks = [backends[i:i + 100] for i in range(0, len(backends), 100)] or [[]]
    for chunk in chunks:
        eps = []
        for b in sorted(chunk, key=lambda b: b['ip']):
            ep = {'addresses': [b['ip']], 'conditions': {'ready': b['ready'], 'serving': b['ready'], 'terminating': False},
                  'nodeName': b['node']['name'], 'targetRef': {'kind': 'Pod', 'name': b['name'], 'namespace': svc['ns'], 'uid': b['uid']},
                  'zone': b['node']['zone']}
            eps.append(ep)
        meta = {'annotations': {'endpoints.kubernetes.io/last-change-trigger-time': c.ts(c.ago(60, 86400))},
                'creationTimestamp': c.ts(created), 'generateName': f'{svc["name"]}-', 'generation': c.r.randrange(1, 60),
                'labels': {'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                           'kubernetes.io/service-name': svc['name'], **svc['labels']},
                'name': f'{svc["name"]}-{c.rand_str(5)}', 'namespace': svc['ns'],
                'ownerReferences': [owner('Service', svc['name'], svc_uid, 'v1')],
                'resourceVersion': c.resource_version(), 'uid': c.uid()}
        if svc['type'] == 'headless':
            meta['labels']['service.kubernetes.io/headless'] = ''
        s = {'addressType': 'IPv4', 'apiVersion': 'discovery.k8s.io/v1', 'kind': 'EndpointSlice', 'metadata': meta, 'ports': ports}
        if eps:  # an empty slice has no endpoints field at all
            s['endpoints'] = eps
        slices.append(s)
    return slices


def build_service(c, *, name, ns, labels, selector, ports, typ, created, applied=True):
    uid = c.uid()
    spec = {'internalTrafficPolicy': 'Cluster', 'ipFamilies': ['IPv4'], 'ipFamilyPolicy': 'SingleStack',
            'ports': [], 'sessionAffinity': 'None', 'type': 'ClusterIP' if typ == 'headless' else typ}
    if selector:
        spec['selector'] = selector
    ip = 'None' if typ == 'headless' else c.service_ip()
    spec['clusterIP'] = ip
    spec['clusterIPs'] = [ip]
    for p in ports:
        sp = {'name': p['name'], 'port': p['port'], 'protocol': p.get('protocol', 'TCP'), 'targetPort': p['targetPort']}
        if typ in ('NodePort', 'LoadBalancer'):
            sp['nodePort'] = c.node_port()
        spec['ports'].append(sp)
    status = {'loadBalancer': {}}
    if typ in ('NodePort', 'LoadBalancer'):
        spec['externalTrafficPolicy'] = c.r.choice(['Cluster', 'Cluster', 'Local'])
    if typ == 'LoadBalancer':
        spec['allocateLoadBalancerNodePorts'] = True
        if spec['externalTrafficPolicy'] == 'Local':
            spec['healthCheckNodePort'] = c.node_port()
        status = {'loadBalancer': {'ingress': [{'hostname': f'a{c.hexs(31)}-{c.r.randrange(10**9, 10**10)}.elb.eu-west-1.amazonaws.com'}]}}
    meta = {'creationTimestamp': c.ts(created), 'labels': labels, 'name': name, 'namespace': ns,
            'resourceVersion': c.resource_version(), 'uid': uid}
    if applied:
        applied_spec = {'ports': [{k: v for k, v in p.items() if k in ('name', 'port', 'protocol', 'targetPort')} for p in spec['ports']],
                        'selector': selector, 'type': spec['type']}
        if typ == 'headless':
            applied_spec['clusterIP'] = 'None'
        meta['annotations'] = {'kubectl.kubernetes.io/last-applied-configuration': last_applied(
            {'apiVersion': 'v1', 'kind': 'Service', 'metadata': {'annotations': {}, 'labels': labels, 'name': name, 'namespace': ns},
             'spec': applied_spec})}
    obj = {'apiVersion': 'v1', 'kind': 'Service', 'metadata': meta, 'spec': spec, 'status': status}
    return obj, uid


class Dump:
    """Objects by kubectl's output order: resource type as asked, then namespace, then name."""
    ORDER = ['Service', 'Pod', 'Node', 'EndpointSlice', 'Deployment', 'ReplicaSet']

    def __init__(self):
        self.items = {k: [] for k in self.ORDER}
        self.size = 0

    def add(self, obj):
        text = []
        emit(obj, 2, text, '- ')
        text = ''.join(text)
        md = obj['metadata']
        self.items[obj['kind']].append((md.get('namespace', ''), md['name'], text, obj))
        self.size += len(text.encode())

    def ordered(self):
        for k in self.ORDER:
            yield from sorted(self.items[k], key=lambda x: (x[0], x[1]))

    def text(self):
        parts = ['apiVersion: v1\nitems:\n']
        parts.extend(t for _, _, t, _ in self.ordered())
        parts.append('kind: List\nmetadata:\n  resourceVersion: ""\n')
        return ''.join(parts)

    def json(self):
        """The List as kubectl's JSON printer writes it (json.MarshalIndent(list, "", "    "))."""
        dump = {'apiVersion': 'v1', 'items': [o for _, _, _, o in self.ordered()], 'kind': 'List',
                'metadata': {'resourceVersion': ''}}
        text = json.dumps(dump, indent=4, sort_keys=True, ensure_ascii=False) + '\n'
        # Go escapes these (HTML-safe output, and JavaScript's line separators).
        for c, e in (('<', '\\u003c'), ('>', '\\u003e'), ('&', '\\u0026'), ('\u2028', '\\u2028'), ('\u2029', '\\u2029')):
            text = text.replace(c, e)
        return text


def system_objects(c, dump, nodes):
    """kube-system and default: kube-proxy on every node, CoreDNS, kube-dns, kubernetes."""
    cluster_created = nodes[0]['obj']['metadata']['creationTimestamp']
    created = datetime.strptime(cluster_created, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc)
    ds_uid = c.uid()
    for n in nodes:
        ctr = {'command': ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
               'env': [{'name': 'NODE_NAME', 'valueFrom': {'fieldRef': {'apiVersion': 'v1', 'fieldPath': 'spec.nodeName'}}}],
               'image': f'registry.k8s.io/kube-proxy:{K8S_VERSION}', 'imagePullPolicy': 'IfNotPresent', 'name': 'kube-proxy',
               'resources': {}, 'securityContext': {'privileged': True},
               'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File',
               'volumeMounts': [{'mountPath': '/var/lib/kube-proxy', 'name': 'kube-proxy'},
                                {'mountPath': '/run/xtables.lock', 'name': 'xtables-lock'},
                                {'mountPath': '/lib/modules', 'name': 'lib-modules', 'readOnly': True}]}
        pod, _ = make_pod(c, nodes, name=f'kube-proxy-{c.rand_str(5)}', ns='kube-system',
                          labels={'controller-revision-hash': '6d4b8c7f9', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1'},
                          containers=[ctr], owner_ref=owner('DaemonSet', 'kube-proxy', ds_uid), created=created + timedelta(seconds=90),
                          host_network=True, node=n, generate_name='kube-proxy-', priority=2000001000,
                          priority_class='system-node-critical',
                          extra_spec={'hostNetwork': True, 'nodeSelector': {'kubernetes.io/os': 'linux'},
                                      'affinity': {'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': [
                                          {'matchFields': [{'key': 'metadata.name', 'operator': 'In', 'values': [n['name']]}]}]}}}})
        pod['spec']['volumes'][:0] = [{'configMap': {'defaultMode': 420, 'name': 'kube-proxy'}, 'name': 'kube-proxy'},
                                      {'hostPath': {'path': '/run/xtables.lock', 'type': 'FileOrCreate'}, 'name': 'xtables-lock'},
                                      {'hostPath': {'path': '/lib/modules', 'type': ''}, 'name': 'lib-modules'}]
        dump.add(pod)
    for n in nodes:
        dump.add(n['obj'])
    # The API server's own Service and slice.
    svc, uid = build_service(c, name='kubernetes', ns='default', labels={'component': 'apiserver', 'provider': 'kubernetes'},
                             selector=None, ports=[{'name': 'https', 'port': 443, 'targetPort': 6443}], typ='ClusterIP',
                             created=created, applied=False)
    svc['spec']['clusterIP'] = svc['spec']['clusterIPs'][0] = '10.96.0.1'
    dump.add(svc)
    dump.add({'addressType': 'IPv4', 'apiVersion': 'discovery.k8s.io/v1',
              'endpoints': [{'addresses': [nodes[0]['ip']], 'conditions': {'ready': True}}], 'kind': 'EndpointSlice',
              'metadata': {'creationTimestamp': c.ts(created), 'generation': 1, 'labels': {'kubernetes.io/service-name': 'kubernetes'},
                           'name': 'kubernetes', 'namespace': 'default', 'resourceVersion': c.resource_version(), 'uid': c.uid()},
              'ports': [{'name': 'https', 'port': 6443, 'protocol': 'TCP'}]})
    # CoreDNS.
    app = {'name': 'coredns', 'ns': 'kube-system', 'labels': {'k8s-app': 'kube-dns'}, 'replicas': 2, 'revisions': 1,
           'created': created, 'svc_ports': [{'name': 'dns', 'port': 53, 'protocol': 'UDP', 'targetPort': 53},
                                             {'name': 'dns-tcp', 'port': 53, 'protocol': 'TCP', 'targetPort': 53},
                                             {'name': 'metrics', 'port': 9153, 'protocol': 'TCP', 'targetPort': 9153}]}
    ctr = {'args': ['-conf', '/etc/coredns/Corefile'], 'image': 'registry.k8s.io/coredns/coredns:v1.12.1',
           'imagePullPolicy': 'IfNotPresent', 'livenessProbe': probe(8080, '/health', 60), 'name': 'coredns',
           'ports': [{'containerPort': 53, 'name': 'dns', 'protocol': 'UDP'}, {'containerPort': 53, 'name': 'dns-tcp', 'protocol': 'TCP'},
                     {'containerPort': 9153, 'name': 'metrics', 'protocol': 'TCP'}],
           'readinessProbe': probe(8181, '/ready', 0),
           'resources': {'limits': {'memory': '170Mi'}, 'requests': {'cpu': '100m', 'memory': '70Mi'}},
           'securityContext': {'allowPrivilegeEscalation': False, 'capabilities': {'add': ['NET_BIND_SERVICE'], 'drop': ['ALL']},
                               'readOnlyRootFilesystem': True},
           'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File',
           'volumeMounts': [{'mountPath': '/etc/coredns', 'name': 'config-volume', 'readOnly': True}]}
    app['volumes'] = [{'configMap': {'defaultMode': 420, 'items': [{'key': 'Corefile', 'path': 'Corefile'}], 'name': 'coredns'},
                       'name': 'config-volume'}]
    deployment_objects(c, dump, nodes, app, [ctr], svc_name='kube-dns', svc_labels={'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true',
                                                                               'kubernetes.io/name': 'CoreDNS'},
                       svc_ip='10.96.0.10', priority_class='system-cluster-critical')


def deployment_objects(c, dump, nodes, app, containers, *, svc_name=None, svc_labels=None, svc_type='ClusterIP', svc_ip=None,
                       priority_class=None):
    """A Deployment, its ReplicaSets (the current one and older, scaled to 0), its pods, the
    Service in front of them and the Service's EndpointSlices."""
    ns, name, created = app['ns'], app['name'], app['created']
    selector = dict(app['labels'])
    if 'app' in selector and len(selector) > 1:
        selector = {'app': selector['app']}
    dep_uid = c.uid()
    gen = app['revisions'] + c.r.randrange(0, 3)
    tmpl = {'metadata': {'creationTimestamp': None, 'labels': dict(app['labels'])},
            'spec': {'containers': containers, 'dnsPolicy': 'ClusterFirst', 'restartPolicy': 'Always',
                     'schedulerName': 'default-scheduler', 'securityContext': {}, 'terminationGracePeriodSeconds': 30}}
    if priority_class:
        tmpl['spec']['priorityClassName'] = priority_class
    if app.get('volumes'):
        tmpl['spec']['volumes'] = app['volumes']
    if app.get('restarted'):
        tmpl['metadata']['annotations'] = {'kubectl.kubernetes.io/restartedAt': app['restarted']}
    replicas = app['replicas']
    crashing = app.get('crashing', False)
    pods_ready = 0
    backends = []
    rs_list = []
    for rev in range(1, app['revisions'] + 1):
        current = rev == app['revisions']
        h = c.rand_str(10)
        rs_tmpl = json.loads(json.dumps(tmpl))
        rs_tmpl['metadata']['labels']['pod-template-hash'] = h
        if not current:
            for x in rs_tmpl['spec']['containers']:
                x['image'] = x['image'].rsplit(':', 1)[0] + f':0.{rev}.{c.r.randrange(10)}'
        rs_created = created + timedelta(seconds=(rev - 1) * c.r.randrange(3600, 86400 * 2))
        rs_uid = c.uid()
        rs_name = f'{name}-{h}'
        n = replicas if current else 0
        ready_n = 0
        if current:
            for k in range(n):
                state = 'running'
                if crashing and k == 0:
                    state = 'crashloop'
                elif c.r.random() < 0.004:
                    state = 'pending'
                pod_created = rs_created + timedelta(seconds=c.r.randrange(0, 600))
                pod, b = make_pod(c, nodes, name=f'{rs_name}-{c.rand_str(5)}', ns=ns, labels=dict(rs_tmpl['metadata']['labels']),
                                  containers=json.loads(json.dumps(rs_tmpl['spec']['containers'])),
                                  owner_ref=owner('ReplicaSet', rs_name, rs_uid), created=pod_created, state=state,
                                  generate_name=f'{rs_name}-', annotations=rs_tmpl['metadata'].get('annotations'),
                                  priority=2000000000 if priority_class else 0, priority_class=priority_class)
                pod['spec']['volumes'][:0] = json.loads(json.dumps(app.get('volumes', [])))
                dump.add(pod)
                if b:
                    backends.append(b)
                    ready_n += b['ready']
            pods_ready = ready_n
        rs_status = {'observedGeneration': c.r.randrange(1, 4), 'replicas': n}
        if n:
            rs_status.update({'availableReplicas': ready_n, 'fullyLabeledReplicas': n, 'readyReplicas': ready_n})
        rs = {'apiVersion': 'apps/v1', 'kind': 'ReplicaSet',
              'metadata': {'annotations': {'deployment.kubernetes.io/desired-replicas': str(replicas),
                                           'deployment.kubernetes.io/max-replicas': str(replicas + max(1, (replicas + 3) // 4)),
                                           'deployment.kubernetes.io/revision': str(rev)},
                           'creationTimestamp': c.ts(rs_created), 'generation': rs_status['observedGeneration'],
                           'labels': dict(rs_tmpl['metadata']['labels']), 'name': rs_name, 'namespace': ns,
                           'ownerReferences': [owner('Deployment', name, dep_uid)], 'resourceVersion': c.resource_version(), 'uid': rs_uid},
              'spec': {'replicas': n, 'selector': {'matchLabels': {**selector, 'pod-template-hash': h}}, 'template': rs_tmpl},
              'status': rs_status}
        if rs_tmpl['metadata'].get('annotations'):
            rs['metadata']['annotations'].update(rs_tmpl['metadata']['annotations'])
        rs_list.append(rs)
    for rs in rs_list:
        dump.add(rs)
    last_update = c.ts(c.ago(60, 86400 * 2))
    available = pods_ready >= replicas - max(0, replicas // 4)
    dep_meta = {'annotations': {'deployment.kubernetes.io/revision': str(app['revisions'])},
                'creationTimestamp': c.ts(created), 'generation': gen, 'labels': dict(app['labels']), 'name': name, 'namespace': ns,
                'resourceVersion': c.resource_version(), 'uid': dep_uid}
    dep_spec = {'progressDeadlineSeconds': 600, 'replicas': replicas, 'revisionHistoryLimit': 10,
                'selector': {'matchLabels': selector},
                'strategy': {'rollingUpdate': {'maxSurge': '25%', 'maxUnavailable': '25%'}, 'type': 'RollingUpdate'},
                'template': tmpl}
    if ns != 'kube-system':
        applied_tmpl = {'metadata': {'labels': tmpl['metadata']['labels']},
                        'spec': {'containers': [{k: v for k, v in x.items() if k in ('args', 'env', 'image', 'name', 'ports', 'resources', 'livenessProbe', 'readinessProbe')}
                                                for x in containers]}}
        dep_meta['annotations']['kubectl.kubernetes.io/last-applied-configuration'] = last_applied(
            {'apiVersion': 'apps/v1', 'kind': 'Deployment',
             'metadata': {'annotations': {}, 'labels': app['labels'], 'name': name, 'namespace': ns},
             'spec': {'replicas': replicas, 'selector': {'matchLabels': selector}, 'template': applied_tmpl}})
    rs_name = rs_list[-1]['metadata']['name']
    dep = {'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata': dep_meta, 'spec': dep_spec,
           'status': {'conditions': [
               {'lastTransitionTime': last_update, 'lastUpdateTime': last_update,
                'message': 'Deployment has minimum availability.' if available else 'Deployment does not have minimum availability.',
                'reason': 'MinimumReplicasAvailable' if available else 'MinimumReplicasUnavailable',
                'status': 'True' if available else 'False', 'type': 'Available'},
               {'lastTransitionTime': c.ts(created), 'lastUpdateTime': last_update,
                'message': f'ReplicaSet "{rs_name}" has successfully progressed.', 'reason': 'NewReplicaSetAvailable',
                'status': 'True', 'type': 'Progressing'}],
               'observedGeneration': gen, 'replicas': replicas, 'updatedReplicas': replicas}}
    if pods_ready:
        dep['status']['availableReplicas'] = pods_ready
        dep['status']['readyReplicas'] = pods_ready
    if pods_ready < replicas:
        dep['status']['unavailableReplicas'] = replicas - pods_ready
    dump.add(dep)
    if not svc_name:
        return
    ports = app.get('svc_ports') or [{'name': p['name'], 'port': 80 if k == 0 else p['containerPort'], 'targetPort': p['name']}
                                     for k, p in enumerate(app['ports'])]
    svc, svc_uid = build_service(c, name=svc_name, ns=ns, labels=svc_labels or dict(app['labels']), selector=selector,
                                 ports=ports, typ=svc_type, created=created + timedelta(seconds=2))
    if svc_ip:
        svc['spec']['clusterIP'] = svc['spec']['clusterIPs'][0] = svc_ip
    dump.add(svc)
    # Endpoint ports: the target port resolved against the pods' container ports.
    cports = {p['name']: (p['containerPort'], p.get('protocol', 'TCP')) for x in containers for p in x.get('ports', [])}
    ep_ports = []
    for p in ports:
        tp = p['targetPort']
        port, proto = cports.get(tp, (tp, p.get('protocol', 'TCP'))) if isinstance(tp, str) else (tp, p.get('protocol', 'TCP'))
        ep_ports.append({'name': p['name'], 'port': port, 'protocol': proto})
    live = [b for b in backends if not b['done']]
    for s in endpoint_slices(c, {'name': svc_name, 'ns': ns, 'type': svc_type, 'labels': svc['metadata']['labels']}, live, ep_ports,
                             created + timedelta(seconds=2), svc_uid):
        dump.add(s)


def job_pods(c, dump, nodes, ns, idx):
    """A CronJob's finished pods: Completed, in no Service."""
    name = f'{c.r.choice(WORDS)}-report-{idx}'
    job_uid = c.uid()
    for k in range(c.r.randrange(1, 4)):
        job = f'{name}-{29_400_000 + idx * 10 + k}'
        ctr = {'command': ['/bin/sh', '-c', 'run-report --since=24h --output=s3://reports/$(date +%F).csv'],
               'image': f'{REGISTRY}/{ns}/{name}:2.{k}.0', 'imagePullPolicy': 'IfNotPresent', 'name': 'report', 'resources': {},
               'terminationMessagePath': '/dev/termination-log', 'terminationMessagePolicy': 'File'}
        pod, _ = make_pod(c, nodes, name=f'{job}-{c.rand_str(5)}', ns=ns,
                          labels={'batch.kubernetes.io/controller-uid': job_uid, 'batch.kubernetes.io/job-name': job,
                                  'controller-uid': job_uid, 'job-name': job},
                          containers=[ctr], owner_ref=owner('Job', job, job_uid, 'batch/v1'), created=c.ago(3600, 86400 * 3),
                          state='succeeded', generate_name=f'{job}-',
                          annotations={'batch.kubernetes.io/job-completion-index': '0'} if k == 0 else None)
        pod['spec']['restartPolicy'] = 'OnFailure'
        dump.add(pod)


def generate(megabytes, seed, managed_fields, as_json=False):
    c = Cluster(seed, managed_fields)
    target = int(megabytes * 1024 * 1024)
    dump = Dump()
    nodes = build_nodes(c, max(3, min(120, int(2 + megabytes * 2))))
    system_objects(c, dump, nodes)
    namespaces = [f'team-{t}' for t in TEAMS]
    idx = 0
    while dump.size < target:
        app = build_app(c, idx, namespaces)
        containers = container_templates(c, app)
        deployment_objects(c, dump, nodes, app, containers, svc_name=app['name'], svc_type=app['svc_type'])
        if idx % 25 == 24:
            job_pods(c, dump, nodes, app['ns'], idx)
        idx += 1
    return dump.json() if as_json else dump.text()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('megabytes', nargs='?', type=float, default=24.0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--managed-fields', action='store_true', help='add metadata.managedFields to pods')
    ap.add_argument('--json', action='store_true', help='write the dump as `kubectl get -o json` prints it')
    a = ap.parse_args()
    sys.stdout.write(generate(a.megabytes, a.seed, a.managed_fields, a.json))


if __name__ == '__main__':
    main()
