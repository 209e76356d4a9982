"""Random manifest generator (typed grammar over the reference's features) and mutations of
corpus documents. Every case is a list of objects (dicts); yamlout renders it."""
import copy
import random

import yamlout

LABEL_KEYS = ["app", "tier", "track"]
LABEL_VALUES = {"app": ["web", "db", "Web"], "tier": ["fe", "be"], "track": ["stable", "canary"]}
PORT_NAMES = ["http", "metrics", "dns", "grpc", ""]


# Cluster settings a generated case may state (kubeadm ClusterConfiguration), as managed and
# kubeadm clusters have them: Service CIDR(s) (IPv4 primary, optionally dual-stack), pod CIDR,
# nodePort range, DNS domain, Kubernetes version.
SERVICE_SUBNETS = ["10.96.0.0/12", "10.0.0.0/16", "172.20.0.0/16", "10.96.0.0/12,fd00:10:96::/112",
                   "10.0.0.0/16,fd00:10:96::/112"]
VERSIONS = ["v1.33.4", "v1.34.2", "v1.35.1", "v1.36.0", "v1.37.2"]


class Settings:
    """What the generated cluster is: stated, inferred or default (svcplay resolves it; the
    oracle is configured with the result)."""

    def __init__(self):
        self.service = ["10.96.0.0/12"]
        self.dual = False  # IPv6 available (stated dual-stack or inferred from a request)
        self.domain = "cluster.local"
        self.node_ports = (30000, 32767)
        self.stated = False

    def svc_ip(self, rng, family="IPv4"):
        """A free-looking address inside the Service CIDR of a family."""
        c = next((x for x in self.service if (":" in x) == (family == "IPv6")), None)
        if c is None:
            return "fd00:10:96::4d2" if family == "IPv6" else "10.96.100.100"
        base = c.split("/")[0]
        if ":" in base:
            return base.rstrip(":") + "::" + format(rng.randint(0x100, 0xfff), "x")
        a, b, _, _ = base.split(".")
        return f"{a}.{b}.{rng.randint(1, 9)}.{rng.randint(2, 250)}"


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.st = Settings()

    # ---------------------------------------------------------------- settings
    def cluster_configuration(self):
        """A stated kubeadm ClusterConfiguration: a document of its own, or the
        kube-system/kubeadm-config ConfigMap that `kubectl get cm -o yaml` prints."""
        st = self.st
        st.stated = True
        subnet = self.pick(SERVICE_SUBNETS)
        st.service = subnet.split(",")
        st.dual = len(st.service) > 1
        cfg = {"apiVersion": "kubeadm.k8s.io/v1beta4", "kind": "ClusterConfiguration",
               "kubernetesVersion": self.pick(VERSIONS), "networking": {"serviceSubnet": subnet}}
        if self.chance(0.5):
            pod = "10.244.0.0/16" + (",fd00:10:244::/56" if st.dual else "")
            cfg["networking"]["podSubnet"] = pod
        if self.chance(0.4):
            st.domain = self.pick(["corp.example", "cluster.local", "k8s.internal"])
            cfg["networking"]["dnsDomain"] = st.domain
        if self.chance(0.3):
            st.node_ports = self.pick([(20000, 22767), (30000, 32767), (30000, 30100)])
            cfg["apiServer"] = {"extraArgs": [{"name": "service-node-port-range", "value": f"{st.node_ports[0]}-{st.node_ports[1]}"}]}
        if self.chance(0.5):
            return cfg
        cfg["apiVersion"] = "kubeadm.k8s.io/v1beta3"
        if "apiServer" in cfg:
            cfg["apiServer"]["extraArgs"] = {a["name"]: a["value"] for a in cfg["apiServer"]["extraArgs"]}
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kubeadm-config", "namespace": "kube-system"},
                "data": {"ClusterConfiguration": yamlout.stream([cfg])}}

    def live(self, obj, uid):
        """Make obj an object read from a cluster: the metadata only the API server writes."""
        md = obj["metadata"]
        md["uid"] = f"00000000-0000-4000-8000-{uid:012d}"
        md["resourceVersion"] = str(1000 + uid)
        md["creationTimestamp"] = "2025-01-01T00:00:00Z"

    def chance(self, p):
        return self.r.random() < p

    def pick(self, xs):
        return self.r.choice(xs)

    # ---------------------------------------------------------------- cluster
    def nodes(self):
        if self.chance(0.08):
            # a dump without Node objects: the nodes are the ones the pods name (hostIP)
            return [], [(f"aks-nodepool1-vmss00000{i}", None, f"10.224.0.{4 + i}", i + 1, True) for i in range(self.r.randint(1, 3))]
        if self.chance(0.6):
            return [], [("node-a", "zone-a", "192.168.1.11", 1), ("node-b", "zone-b", "192.168.1.12", 2),
                        ("node-c", "zone-c", "192.168.1.13", 3)]
        n = self.r.randint(1, 3)
        objs, info = [], []
        for i in range(n):
            name = f"worker-{i + 1}"
            zone = self.pick(["z1", "z2"]) if self.chance(0.8) else None
            labels = {"kubernetes.io/hostname": name}
            if zone:
                labels["topology.kubernetes.io/zone"] = zone
            ip = f"192.168.2.{10 + i}"
            objs.append({"apiVersion": "v1", "kind": "Node",
                         "metadata": {"name": name, "labels": labels},
                         "spec": {"podCIDR": f"10.244.{i + 1}.0/24"},
                         "status": {"addresses": [{"type": "InternalIP", "address": ip}],
                                    "conditions": [{"type": "Ready", "status": "True"}]}})
            info.append((name, zone, ip, i + 1))
        return objs, info

    def labels(self):
        ls = {}
        for k in LABEL_KEYS:
            if self.chance(0.6 if k == "app" else 0.35):
                ls[k] = self.pick(LABEL_VALUES[k])
        if not ls:
            ls["app"] = "web"
        return ls

    def pod(self, i, ns, nodes, podnum):
        node = self.pick(nodes) if nodes else None
        labels = self.labels()
        ports = []
        for name in self.r.sample(["http", "metrics", "dns"], self.r.randint(0, 2)):
            p = {"containerPort": {"http": 8080, "metrics": 9090, "dns": 53}[name] + self.r.choice([0, 0, 1])}
            if self.chance(0.8):
                p["name"] = name
            if name == "dns" or self.chance(0.1):
                p["protocol"] = self.pick(["UDP", "TCP"])
            ports.append(p)
        c = {"name": "c", "image": "nginx"}
        if ports:
            c["ports"] = ports
        spec = {"containers": [c]}
        if node and not self.chance(0.05):
            spec["nodeName"] = node[0]
        elif self.chance(0.5):
            spec["nodeName"] = "ghost-node"
        if self.chance(0.15):
            spec["hostname"] = f"h{i}"
            spec["subdomain"] = self.pick(["svc-0", "svc-1", "other"])
        md = {"name": f"pod-{i}", "labels": labels}
        if ns != "default":
            md["namespace"] = ns
        if self.chance(0.12):
            md["deletionTimestamp"] = "2025-01-01T00:00:00Z"
        phase = self.r.choices(["Running", "Pending", "Succeeded", "Failed"], [85, 7, 5, 3])[0]
        st = {"phase": phase}
        if phase != "Pending" or self.chance(0.3):
            idx = node[3] if node else 9
            ip = f"10.244.{idx}.{10 + podnum}"
            if self.chance(0.85):
                st["podIP"] = ip
            if self.st.dual and "podIP" in st and self.chance(0.8):
                st["podIPs"] = [{"ip": ip}, {"ip": f"fd00:10:244:{idx}::{10 + podnum:x}"}]
            elif self.chance(0.3):
                st["podIPs"] = [{"ip": ip}]
            if node and len(node) > 4 and node[4] and spec.get("nodeName") == node[0]:
                st["hostIP"] = node[2]
        if self.chance(0.85):
            st["conditions"] = [{"type": "Ready", "status": self.pick(["True", "True", "False"])}]
        return {"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec, "status": st}

    def deployment(self, i, ns):
        labels = self.labels()
        sel = dict(labels)
        if self.chance(0.1):
            sel = {"app": "nomatch"}
        d = {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": f"deploy-{i}"},
             "spec": {"replicas": self.r.randint(0, 3), "selector": {"matchLabels": sel},
                      "template": {"metadata": {"labels": labels},
                                   "spec": {"containers": [{"name": "c", "image": "nginx",
                                                            "ports": [{"name": "http", "containerPort": 8080}]}]}}}}
        if ns != "default":
            d["metadata"]["namespace"] = ns
        return d

    # ---------------------------------------------------------------- services
    def service(self, i, ns, others, nodes):
        r = self.r
        typ = r.choices(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName", None], [30, 20, 20, 10, 20])[0]
        spec = {}
        if typ:
            spec["type"] = typ
        md = {"name": f"svc-{i}"}
        if ns != "default":
            md["namespace"] = ns
        if self.chance(0.15):
            md["labels"] = {"team": "a"}
            if self.chance(0.3):
                md["labels"][self.pick(["service.kubernetes.io/headless", "service.kubernetes.io/service-proxy-name"])] = ""
        if typ == "ExternalName":
            tgt = self.pick(["db.example.com", "db.example.com.", "10.0.0.1", "Bad_Name",
                             f"svc-0.{ns}.svc.cluster.local", f"svc-1.{ns}.svc.cluster.local", f"svc-{i}.{ns}.svc.cluster.local"])
            spec["externalName"] = tgt
            if self.chance(0.3):
                spec["ports"] = [{"port": 80, "name": "http"}]
            return {"apiVersion": "v1", "kind": "Service", "metadata": md, "spec": spec}
        if self.chance(0.85):
            spec["selector"] = self.labels() if self.chance(0.8) else {"app": self.pick(["nothing", "web"])}
            if self.chance(0.3):
                spec["selector"] = {k: v for k, v in list(spec["selector"].items())[:1]}
        elif self.chance(0.2):
            spec["selector"] = {}
        headless = (typ in (None, "ClusterIP")) and self.chance(0.2)
        if headless:
            spec["clusterIP"] = "None"
        nports = r.choices([0, 1, 2, 3], [5 if headless else 1, 60, 25, 10])[0]
        ports = []
        used = set()
        for k in range(nports):
            p = {"port": self.pick([80, 443, 53, 8080, 9090])}
            name = self.pick(PORT_NAMES)
            if name and (nports > 1 or self.chance(0.5)):
                p["name"] = name if name not in used else f"{name}{k}"
                used.add(p["name"])
            elif nports > 1 and self.chance(0.9):
                p["name"] = f"p{k}"
            if p["port"] == 53 or self.chance(0.1):
                p["protocol"] = self.pick(["UDP", "TCP"])
            tp = r.choices(["missing", "num", "name", "same"], [35, 30, 25, 10])[0]
            if tp == "num":
                p["targetPort"] = self.pick([8080, 8081, 9090, 53])
            elif tp == "name":
                p["targetPort"] = self.pick(["http", "metrics", "dns", "nope"])
            elif tp == "same":
                p["targetPort"] = p["port"]
            if typ in ("NodePort", "LoadBalancer") and self.chance(0.25):
                lo, hi = self.st.node_ports
                p["nodePort"] = self.pick([30007, 30080, 31000, 32767, lo + 7, hi])
            ports.append(p)
        if ports:
            spec["ports"] = ports
        ext = typ in ("NodePort", "LoadBalancer")
        if self.chance(0.12):
            # one address per Service, rarely shared (kube-proxy's order for a shared one is undefined)
            spec["externalIPs"] = [self.pick(["192.168.1.200", "198.51.100.7"]) if self.chance(0.1) else f"198.51.100.{20 + i}"]
            ext = True
        if ext and self.chance(0.35):
            spec["externalTrafficPolicy"] = self.pick(["Local", "Local", "Cluster"])
        if self.chance(0.2):
            spec["internalTrafficPolicy"] = self.pick(["Local", "Cluster"])
        if self.chance(0.2):
            spec["trafficDistribution"] = self.pick(["PreferClose", "PreferSameZone", "PreferSameNode"])
        if self.chance(0.15):
            spec["sessionAffinity"] = "ClientIP"
            if self.chance(0.5):
                spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": self.pick([60, 10800, 86400])}}
        if self.chance(0.1):
            spec["publishNotReadyAddresses"] = True
        if typ == "LoadBalancer":
            if self.chance(0.25):
                spec["loadBalancerSourceRanges"] = [self.pick(["203.0.113.0/24", "10.0.0.0/8", "198.51.100.0/24", "0.0.0.0/0"])]
            if self.chance(0.15):
                spec["allocateLoadBalancerNodePorts"] = False
            if self.chance(0.6):
                ing = {"ip": self.pick(["172.18.0.100", "172.18.0.101"]) if self.chance(0.1) else f"172.18.0.{110 + i}"}
                if self.chance(0.08):
                    ing["ipMode"] = "Proxy"
                return {"apiVersion": "v1", "kind": "Service", "metadata": md, "spec": spec,
                        "status": {"loadBalancer": {"ingress": [ing]}}}
        if self.chance(0.08):
            spec["ipFamilyPolicy"] = self.pick(["PreferDualStack", "SingleStack", "RequireDualStack"])
        if self.chance(0.06 if not self.st.dual else 0.25) and not headless:
            # dual-stack and IPv6 requests (on a cluster stated IPv4-only they are refused; without
            # stated settings they imply a dual-stack cluster)
            fams = self.pick([["IPv4", "IPv6"], ["IPv6", "IPv4"], ["IPv6"]])
            spec["ipFamilies"] = fams
            spec["ipFamilyPolicy"] = "SingleStack" if len(fams) == 1 else self.pick(["PreferDualStack", "RequireDualStack"])
        if self.chance(0.07):
            spec["clusterIP"] = self.pick(["10.96.100.100", "10.96.0.1", "10.200.0.1", "None", self.st.svc_ip(self.r)])
            if spec["clusterIP"] == "None":
                spec.pop("ipFamilies", None)
        return {"apiVersion": "v1", "kind": "Service", "metadata": md, "spec": spec}

    def make_live(self, svc, uid):
        """A Service as `kubectl get -o yaml` prints it: allocated clusterIP(s) (inside the
        Service CIDR, or rarely from an older range) and nodePorts, adopted as stored."""
        self.live(svc, uid)
        spec = svc["spec"]
        if spec.get("type") == "ExternalName" or spec.get("clusterIP") == "None":
            return
        if "clusterIP" not in spec:
            ip = self.st.svc_ip(self.r) if self.chance(0.85) else f"10.{self.pick([0, 100, 96])}.{self.r.randint(0, 200)}.{self.r.randint(2, 250)}"
            spec["clusterIP"] = ip
            ips = [ip]
            if self.st.dual and spec.get("ipFamilyPolicy") in ("PreferDualStack", "RequireDualStack"):
                v6 = self.st.svc_ip(self.r, "IPv6")
                ips = [v6, ip] if (spec.get("ipFamilies") or ["IPv4"])[0] == "IPv6" else [ip, v6]
                spec["clusterIP"] = ips[0]
            if spec.get("ipFamilies") and len(spec["ipFamilies"]) != len(ips):
                spec.pop("ipFamilies")
            if spec.get("ipFamilies") and (":" in ips[0]) != (spec["ipFamilies"][0] == "IPv6"):
                spec.pop("ipFamilies")
            spec["clusterIPs"] = ips
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            lo, hi = self.st.node_ports
            for k, p in enumerate(spec.get("ports") or []):
                p.setdefault("nodePort", lo + 100 + 37 * k + 3 * uid if self.chance(0.9) else 32000 + k)

    def manual_endpoints(self, svc, ns):
        name = svc["metadata"]["name"]
        ports = [{k: v for k, v in p.items() if k in ("name", "port", "protocol")} for p in svc["spec"].get("ports", [])]
        for p in ports:
            p["port"] = 9376
        if self.chance(0.5):
            ep = {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name},
                  "subsets": [{"addresses": [{"ip": "192.0.2.42"}], "ports": ports or [{"port": 9376}]}]}
        else:
            ep = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                  "metadata": {"name": f"{name}-manual", "labels": {"kubernetes.io/service-name": name}},
                  "addressType": "IPv4",
                  "ports": ports or [{"port": 9376}],
                  "endpoints": [{"addresses": ["192.0.2.43"], "conditions": {"ready": self.pick([True, False])}}]}
        if ns != "default":
            ep["metadata"]["namespace"] = ns
        return ep

    # ---------------------------------------------------------------- mutations
    INVALID = [
        ("spec.ports.0.name", "HTTP"), ("spec.ports.0.name", "a_b"), ("spec.ports.0.port", 0),
        ("spec.ports.0.port", 70000), ("spec.ports.0.protocol", "tcp"), ("spec.ports.0.targetPort", "8080"),
        ("spec.ports.0.targetPort", "a-very-long-port-name"), ("spec.ports.0.nodePort", 29999),
        ("spec.externalTrafficPolicy", "Local"), ("spec.externalTrafficPolicy", "Sometimes"),
        ("spec.internalTrafficPolicy", "Nope"), ("spec.sessionAffinity", "Sticky"),
        ("spec.sessionAffinityConfig", {"clientIP": {"timeoutSeconds": 0}}),
        ("spec.selector", {"app": "bad value!"}), ("metadata.name", "Bad-Name"), ("metadata.name", "1svc"),
        ("spec.healthCheckNodePort", 30100), ("spec.selecter", {"app": "web"}), ("spec.clusterIP", "10.200.0.1"),
        ("spec.clusterIP", "not-an-ip"), ("spec.loadBalancerSourceRanges", ["10.0.0.0/33"]),
        ("spec.allocateLoadBalancerNodePorts", True), ("spec.externalName", "x.example.com"),
        ("spec.type", "Weird"), ("spec.trafficDistribution", "Anywhere"), ("spec.ipFamilies", ["IPv6"]),
        ("spec.externalIPs", ["127.0.0.1"]), ("spec.ports", []), ("spec.loadBalancerClass", "example.com/lb"),
        ("metadata.annotations", {"service.kubernetes.io/topology-mode": "Auto",
                                  "service.kubernetes.io/topology-aware-hints": "Disabled"}),
    ]

    def mutate(self, docs):
        docs = copy.deepcopy(docs)
        cands = [d for d in docs if isinstance(d, dict) and d.get("kind") in ("Service", "Pod", "Deployment", "EndpointSlice", "Endpoints")]
        if not cands:
            return docs
        d = self.pick(cands)
        if d.get("kind") == "Service":
            path, val = self.pick(self.INVALID)
        elif d.get("kind") == "Pod":
            # Pod spec validation is out of scope (exception pod-spec-not-validated): labels only.
            path, val = self.pick([("metadata.labels", {"app": "-bad"}), ("metadata.labels", {"app": "web", "tier": ""})])
        elif d.get("kind") == "Deployment":
            path, val = self.pick([("spec.selector", {}), ("spec.selector.matchLabels", {"app": "other"}),
                                   ("spec.selector", {"matchExpressions": [{"key": "app", "operator": "In", "values": []}]})])
        else:
            path, val = self.pick([("metadata.name", "Bad"), ("addressType", "IPv5"), ("subsets", [{}])])
        set_path(d, path, val)
        add_images(docs)
        return docs


def add_images(docs):
    """Corpus documents may omit container images (test shorthand); the API server requires them
    and that rule is out of scope (exception pod-spec-not-validated), so mutated cases get one."""
    for d in docs:
        if not isinstance(d, dict):
            continue
        specs = []
        if d.get("kind") == "Pod":
            specs.append(d.get("spec"))
        elif d.get("kind") in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
            specs.append(((d.get("spec") or {}).get("template") or {}).get("spec"))
        for sp in specs:
            if not isinstance(sp, dict):
                continue
            for key in ("containers", "initContainers"):
                for c in sp.get(key) or []:
                    if isinstance(c, dict) and "image" not in c:
                        c["image"] = "nginx"


def set_path(d, path, val):
    parts = path.split(".")
    cur = d
    for i, p in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(cur, list):
            idx = int(p)
            if idx >= len(cur):
                return
            cur = cur[idx]
            continue
        if p not in cur or not isinstance(cur[p], (dict, list)):
            cur[p] = [] if nxt.isdigit() else {}
        cur = cur[p]
    last = parts[-1]
    if isinstance(cur, list):
        if last.isdigit() and int(last) < len(cur):
            cur[int(last)] = val
        elif last.isdigit():
            cur.append(val)
    else:
        cur[last] = val


def generate(rng, corpus_docs=None):
    """One random case: a list of objects."""
    g = Gen(rng)
    if corpus_docs and g.chance(0.15):
        return g.mutate(g.pick(corpus_docs))
    ns = "default" if g.chance(0.8) else "prod"
    objs = []
    if g.chance(0.04):
        # an in-zone CNAME chain of ExternalName Services (CoreDNS follows a limited number)
        n = rng.randint(1, 13)
        for i in range(n):
            objs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"c{i}"},
                         "spec": {"type": "ExternalName", "externalName": f"c{i + 1}.default.svc.cluster.local"}})
        objs.append({"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"c{n}"},
                     "spec": {"ports": [{"port": 80}]} if g.chance(0.8) else {"type": "ExternalName", "externalName": "db.example.com"}})
        return objs
    if ns != "default" and g.chance(0.7):
        objs.append({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    if g.chance(0.2):
        objs.append(g.cluster_configuration())
    node_objs, nodes = g.nodes()
    objs += node_objs
    svcs = []
    for i in range(rng.randint(1, 3)):
        svcs.append(g.service(i, ns, svcs, nodes))
    if g.chance(0.15):
        # objects read from a cluster: their allocations are adopted
        for i, sv in enumerate(svcs):
            if g.chance(0.7):
                g.make_live(sv, i + 1)
    objs += svcs
    podnum = 0
    for i in range(rng.randint(0, 6)):
        objs.append(g.pod(i, ns, nodes, podnum))
        podnum += 1
    if g.chance(0.15):
        objs.append(g.deployment(0, ns))
    for s in svcs:
        if "selector" not in s["spec"] and s["spec"].get("type") != "ExternalName" and g.chance(0.5):
            objs.append(g.manual_endpoints(s, ns))
    if g.chance(0.1):
        objs = g.mutate(objs)
    if g.chance(0.05) and svcs:
        # an update of the first Service (apply semantics)
        upd = copy.deepcopy(svcs[0])
        upd["spec"]["type"] = g.pick(["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"])
        if upd["spec"]["type"] == "ExternalName":
            upd["spec"]["externalName"] = "db.example.com"
        objs.append(upd)
    return objs
