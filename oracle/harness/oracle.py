#!/usr/bin/env python3
"""Differential test: svcplay (the engine) against upstream code (k8s-oracle, dns-oracle).

For every case (a manifest) it runs `svcplay check --format json`, then feeds the engine's own
stored objects to each downstream oracle (stage isolation) and compares:
  check     validity per document, error field paths, the stored Service spec (pin mode)
  endpoints services[].ports[].endpoints (v1 Endpoints controller) ready / notReady
  select    selector validity and the matched pods
  dns       rcode and answers (CoreDNS kubernetes plugin over the EndpointSlice controller's slices)
  trace     verdict, delivered pods and probabilities (kube-proxy iptables rules, own tracer)
Each disagreement gets a signature; oracle/exceptions/exceptions.json explains some of them.
The last line printed is `oracle: A/N cases agree, E explained exceptions`.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import yamlout  # noqa: E402

CHECK_KINDS = {"Service", "Pod", "Endpoints", "Node", "Namespace", "EndpointSlice", "Deployment",
               "ReplicaSet", "StatefulSet", "DaemonSet"}
STATS = {}


def count(stage, n=1):
    STATS[stage] = STATS.get(stage, 0) + n


def norm_field(f):
    return re.sub(r"\[\d+\]", "[*]", f or "")


class Oracle:
    """The k8s-oracle batch process and the dns-oracle binary."""

    def __init__(self, k8s, dns):
        self.dns = dns
        self.proc = subprocess.Popen([k8s, "batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, bufsize=1)

    def call(self, cmd, args):
        self.proc.stdin.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("k8s-oracle batch died")
        return json.loads(line)

    def dns_batch(self, world_path, queries):
        if not queries:
            return []
        inp = "".join(f"{n} {t}\n" for n, t in queries)
        r = subprocess.run([self.dns, "batch", "--world", world_path], input=inp, capture_output=True, text=True)
        out = [json.loads(x) for x in r.stdout.splitlines() if x.strip()]
        if len(out) != len(queries):
            raise RuntimeError("dns-oracle: " + r.stderr[-500:])
        return out


def run_svcplay(svcplay, args):
    r = subprocess.run([svcplay] + args, capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


class Case:
    def __init__(self, name, objs=None, text=None):
        self.name = name
        self.objs = objs
        self.text = text if text is not None else yamlout.stream(objs)


# ------------------------------------------------------------------------------------ compare

def compare_case(case, tools, work):
    """Returns a list of disagreements: {"sig": str, "stage": str, "detail": any}."""
    svcplay, pick = tools
    path = os.path.join(work, "case.yaml")
    with open(path, "w") as f:
        f.write(case.text)
    out = []
    # The cluster's configuration (Service CIDRs, nodePort range, domain, version, nodes) as the
    # engine resolved it: the oracles run a cluster configured that way (oracle/README.md).
    rc, so, se = run_svcplay(svcplay, ["cluster", "--format", "json", path])
    if rc not in (0, 1):
        return [{"sig": "engine:cluster-failed", "stage": "engine", "detail": se[-400:]}]
    cluster = json.loads(so)
    cpath = os.path.join(work, "cluster.json")
    with open(cpath, "w") as f:
        json.dump(cluster, f)
    out += compare_settings(cluster, pick, path)
    minor = cluster_minor(cluster)
    orc = pick(minor)
    count(f"cases on 1.{minor}")
    zone = cluster.get("clusterDomain", {}).get("value") or "cluster.local"
    rc, so, se = run_svcplay(svcplay, ["check", "--format", "json", path])
    if rc not in (0, 1):
        return [{"sig": "engine:check-failed", "stage": "engine", "detail": se[-400:]}]
    eng = json.loads(so)
    epath = os.path.join(work, "engine.json")
    with open(epath, "w") as f:
        json.dump(eng, f)
    out += compare_check(eng, orc.call("check", ["--engine", epath, "--cluster", cpath, path]))
    w = orc.call("world", ["--engine", epath, "--cluster", cpath])
    world = w.get("out") or {}
    wpath = os.path.join(work, "world.json")
    with open(wpath, "w") as f:
        json.dump(world, f)
    werr = [e for e in world.get("errors") or [] if "skipping Pod" not in e]
    if werr:
        out.append({"sig": "oracle:world-errors", "stage": "world", "detail": world["errors"]})
    out += compare_endpoints(eng, world)
    out += compare_select(eng, world, svcplay, orc, path, epath)
    out += compare_dns(eng, world, svcplay, orc, path, wpath, zone)
    out += compare_trace(eng, world, svcplay, orc, path, wpath)
    return out


def svc_features(spec):
    f = [spec.get("type", "ClusterIP")]
    if spec.get("clusterIP") == "None":
        f.append("headless")
    for k, short in (("externalTrafficPolicy", "etp"), ("internalTrafficPolicy", "itp")):
        if spec.get(k) == "Local":
            f.append(short + "Local")
    if spec.get("trafficDistribution"):
        f.append("td")
    if spec.get("sessionAffinity") == "ClientIP":
        f.append("affinity")
    if spec.get("loadBalancerSourceRanges"):
        f.append("sourceRanges")
    if spec.get("publishNotReadyAddresses"):
        f.append("publishNotReady")
    return "+".join(f)


def svc_label_features(svc):
    labels = (svc.get("metadata") or {}).get("labels") or {}
    f = []
    if "service.kubernetes.io/headless" in labels:
        f.append("headlessLabel")
    if "service.kubernetes.io/service-proxy-name" in labels:
        f.append("proxyNameLabel")
    return "".join("+" + x for x in f)


def compare_check(eng, resp):
    """Per object key (kind/namespace/name): whether it ends up live, how many documents were
    refused, the refused documents' error field paths, and the live Service's stored spec. The
    engine prints one entry per live object (updates collapse into it) plus one per refused
    document; the oracle one per document."""
    if resp.get("code") not in (0, 1):
        return [{"sig": "oracle:check-error", "stage": "check", "detail": resp.get("error")}]
    orc = resp["out"]
    out = []
    count("check objects", len(orc["objects"]))

    def objname(k):
        return f"{k[0]}/{k[1]}/{k[2]}" if k[1] else f"{k[0]}/{k[2]}"

    ediag, odiag, ofieldless = {}, {}, set()
    for d in eng["diagnostics"]:
        if d["severity"] == "error" and d.get("object"):
            ediag.setdefault(d["object"], set()).add(norm_field(d.get("field")))
    for d in orc["diagnostics"]:
        if d["severity"] == "error" and d.get("object"):
            odiag.setdefault(d["object"], set()).add(norm_field(d.get("field")))
            if not d.get("field") or d.get("stage") == "decode" or d.get("type") == "":
                ofieldless.add(d["object"])
    ekeys, okeys = {}, {}
    for o in eng["objects"]:
        if o["simulated"] or o["kind"] not in CHECK_KINDS:
            continue
        k = (o["kind"], o["namespace"] if o["kind"] not in ("Node", "Namespace") else "", o["name"])
        ekeys.setdefault(k, []).append(o)
    for o in orc["objects"]:
        okeys.setdefault((o["kind"], o["namespace"], o["name"]), []).append(o)
    for k, olist in okeys.items():
        elist = ekeys.get(k, [])
        on = objname(k)
        e_live = [o for o in elist if o["valid"]]
        o_live = [o for o in olist if o["valid"]]
        e_bad = len([o for o in elist if not o["valid"]])
        o_bad = len([o for o in olist if not o["valid"]])
        ef = ediag.get(on, set())
        of = odiag.get(on, set())
        if bool(e_live) != bool(o_live) or e_bad != o_bad:
            if not o_bad and e_bad:
                fields = ",".join(sorted(ef))
            else:
                fields = ",".join(sorted(of))
            out.append({"sig": f"check:valid:{k[0]}:engine={'live' if e_live else 'absent'}/{e_bad}-refused:upstream={'live' if o_live else 'absent'}/{o_bad}-refused:{fields}",
                        "stage": "check", "detail": {"object": on, "engine_fields": sorted(ef), "upstream_fields": sorted(of),
                                                     "upstream": [d["message"][:200] for d in orc["diagnostics"] if d.get("object") == on and d["severity"] == "error"][:6]}})
            continue
        if o_bad and ef != of and on not in ofieldless:
            if ef ^ of == {"metadata.name"} and k[2][:1].isdigit():
                out.append({"sig": f"check:fields:{k[0]}:digit-leading-name-only", "stage": "check",
                            "detail": {"object": on, "engine_fields": sorted(ef), "upstream_fields": sorted(of)}})
                continue
            out.append({"sig": f"check:fields:{k[0]}:engine={','.join(sorted(ef))}:upstream={','.join(sorted(of))}",
                        "stage": "check", "detail": {"object": on,
                                                     "upstream": [d["message"][:200] for d in orc["diagnostics"] if d.get("object") == on and d["severity"] == "error"][:6]}})
        if k[0] == "Service" and e_live and o_live:
            es = (e_live[-1].get("object") or {}).get("spec", {})
            os_ = (o_live[-1].get("object") or {}).get("spec", {})
            for key in sorted(set(es) | set(os_)):
                if es.get(key) != os_.get(key):
                    out.append({"sig": f"check:stored:Service:spec.{key}", "stage": "check",
                                "detail": {"object": on, "engine": es.get(key), "upstream": os_.get(key)}})
    return out


def pod_hint(world, ip):
    for p in world.get("pods") or []:
        ips = [x.get("ip") for x in (p.get("status", {}).get("podIPs") or [])]
        if ip in ips:
            st = p.get("status", {})
            h = [st.get("phase", "?")]
            ready = [c for c in st.get("conditions") or [] if c.get("type") == "Ready"]
            h.append("ready" if ready and ready[0].get("status") == "True" else "notready")
            if p["metadata"].get("deletionTimestamp"):
                h.append("terminating")
            nodes = {n["metadata"]["name"] for n in world.get("nodes") or []}
            if p.get("spec", {}).get("nodeName") not in nodes:
                h.append("no-node")
            return "+".join(h)
    return "not-a-pod"


def compare_endpoints(eng, world):
    out = []
    view = {(s["namespace"], s["name"]): s for s in world.get("servicesView") or []}
    specs = {(s["metadata"]["namespace"], s["metadata"]["name"]): s["spec"] for s in world.get("services") or []}
    for s in eng.get("services") or []:
        k = (s["namespace"], s["name"])
        if k not in view:
            out.append({"sig": "endpoints:service-missing-upstream", "stage": "endpoints", "detail": list(k)})
            continue
        for i, p in enumerate(s["ports"]):
            if i >= len(view[k]["ports"]):
                break
            count("endpoint ports")
            up = view[k]["ports"][i]["endpoints"]
            for cls in ("ready", "notReady"):
                a, b = set(p["endpoints"][cls]), set(up[cls])
                if a != b:
                    hints = sorted({pod_hint(world, x.rsplit(":", 1)[0].strip("[]")) for x in a ^ b})
                    side = "engine-only" if a - b else "upstream-only"
                    if a - b and b - a:
                        side = "both"
                    out.append({"sig": f"endpoints:{cls}:{side}:{svc_features(specs.get(k, {}))}:{','.join(hints)}",
                                "stage": "endpoints", "detail": {"service": "/".join(k), "port": i,
                                                                 "engine": sorted(a), "upstream": sorted(b)}})
    return out


SELECTOR_EXTRAS = ["x==a==b", "app in (web,db)", "app notin (web)", "!app", "app", "tier!=fe", "app in ()",
                   "app in (web,,)", "app in (web),", "a in (xyz abc)", "x<a", "x>1", "app=web,tier",
                   "App=web", "app = web", "(app)", "app in(web)", "app=", "app!=", "app=web||tier=be"]


def compare_select(eng, world, svcplay, orc, path, epath):
    out = []
    pods = [o for o in eng["objects"] if o["kind"] == "Pod" and o["valid"]]
    sels = []
    for o in pods[:3]:
        labels = (o["object"].get("metadata") or {}).get("labels") or {}
        for k, v in list(labels.items())[:2]:
            sels += [f"{k}={v}", f"{k}!={v}", f"{k} in ({v},zzz)", f"{k} notin ({v})", f"!{k}", k]
    sels = list(dict.fromkeys(sels))[:8]
    rnd = random.Random(len(pods) * 7 + len(eng["objects"]))
    sels += rnd.sample(SELECTOR_EXTRAS, 3)
    for sel in sels:
        rc, so, se = run_svcplay(svcplay, ["select", "-l", sel, "--format", "json", path])
        r = orc.call("select", ["-l", sel, "--engine", epath])
        count("selectors")
        e_ok, o_ok = rc == 0, r.get("code") == 0
        if e_ok != o_ok:
            out.append({"sig": f"select:valid:engine={'ok' if e_ok else 'error'}:upstream={'ok' if o_ok else 'error'}:{sel}",
                        "stage": "select", "detail": {"selector": sel, "engine": (so or se)[-300:], "upstream": r.get("error")}})
            continue
        if not e_ok:
            continue
        a = {(p["namespace"], p["name"]) for p in json.loads(so)["pods"]}
        b = {(p["namespace"], p["name"]) for p in r["out"]["pods"]}
        if a != b:
            out.append({"sig": f"select:pods:{re.sub(r'[a-z0-9.-]+', 'x', sel)}", "stage": "select",
                        "detail": {"selector": sel, "engine": sorted(a), "upstream": sorted(b)}})
    return out


def dashed(ip):
    return ip.replace(".", "-").replace(":", "-")


def compare_settings(cluster, pick, path):
    """The settings svcplay says a kubeadm ClusterConfiguration states, against what kubeadm
    makes of it (its scheme's decoding and defaults, the flags of its static pod manifests).
    kubeadm 1.37 reads v1beta4 only; a v1beta3 document is what kubeadm 1.34 reads."""
    r = pick(37).call("kubeadm", [path])
    up = (r.get("out") or {}).get("stated")
    if up and "v1beta3" in (up.get("error") or ""):
        try:
            r = pick(34).call("kubeadm", [path])
            up = (r.get("out") or {}).get("stated")
        except RuntimeError:
            pass
    if not up:
        return []
    count("stated ClusterConfigurations")
    if up.get("error"):
        return [{"sig": "settings:kubeadm-decode-error", "stage": "settings", "detail": up["error"][:300]}]

    def cidrs(v):
        parts = [x.strip() for x in v.split(",") if x.strip()]
        return ",".join(parts) if parts and all(valid_cidr(x) for x in parts) else None

    def minor_of(v):
        m = re.match(r"^v?(\d+)\.(\d+)", v or "")
        return f"{m.group(1)}.{m.group(2)}" if m else None

    eng = {k: (cluster.get(k) or {}).get("value") for k in ("serviceCIDRs", "podCIDRs", "nodePortRange", "clusterDomain", "kubernetesVersion")}
    pairs = [
        # kube-apiserver's flag (kubeadm always sets it: serviceSubnet, default 10.96.0.0/12, or extraArgs)
        ("serviceCIDRs", ",".join(eng["serviceCIDRs"] or []), cidrs(up["serviceCIDRs"])),
        # kube-controller-manager's --cluster-cidr: only when podSubnet is set
        ("podCIDRs", ",".join(eng["podCIDRs"] or []), cidrs(up["podCIDRs"]) if up["podCIDRs"] else None),
        # kube-apiserver's own default when extraArgs leave it out
        ("nodePortRange", eng["nodePortRange"], up["nodePortRange"] or "30000-32767"),
        ("clusterDomain", eng["clusterDomain"], up["clusterDomain"] or None),
        ("kubernetesVersion", eng["kubernetesVersion"], minor_of(up["kubernetesVersion"])),
    ]
    out = []
    for name, e, u in pairs:
        if u is None:
            continue  # kubeadm's own validation (not run here) refuses it, or nothing is stated
        if e != u:
            out.append({"sig": f"settings:{name}:engine={e}:upstream={u}", "stage": "settings",
                        "detail": {"engine": cluster.get(name), "upstream": up}})
    return out


def valid_cidr(x):
    import ipaddress
    try:
        ipaddress.ip_network(x, strict=False)
        return True
    except ValueError:
        return False


def cluster_minor(cluster):
    v = str((cluster.get("kubernetesVersion") or {}).get("value") or "1.37")
    try:
        return int(v.lstrip("v").split(".")[1])
    except (IndexError, ValueError):
        return 37


def compare_dns(eng, world, svcplay, orc, path, wpath, zone):
    queries = []  # (name, type, class)
    services = world.get("services") or []
    for s in services:
        ns, name, spec = s["metadata"]["namespace"], s["metadata"]["name"], s["spec"]
        kind = "externalname" if spec.get("type") == "ExternalName" else (
            "headless" if spec.get("clusterIP") == "None" else "clusterip")
        fq = f"{name}.{ns}.svc.{zone}."
        for t in ("A", "AAAA", "SRV", "CNAME"):
            queries.append((fq, t, f"svc:{kind}"))
        for p in (spec.get("ports") or [])[:2]:
            if p.get("name"):
                queries.append((f"_{p['name']}._{p.get('protocol', 'TCP').lower()}.{fq}", "SRV", f"port-srv:{kind}"))
        if kind == "externalname":
            queries.append((f"_http._tcp.{fq}", "A", "port-label:externalname"))
            queries.append((f"x.{fq}", "A", "endpoint-label:externalname"))
        if kind == "headless":
            for sl in world.get("endpointSlices") or []:
                if (sl["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == name and sl["metadata"]["namespace"] == ns:
                    for ep in (sl.get("endpoints") or [])[:2]:
                        h = ep.get("hostname") or dashed(ep["addresses"][0])
                        queries.append((f"{h}.{fq}", "A", "endpoint:headless"))
    ns0 = services[0]["metadata"]["namespace"] if services else "default"
    queries.append((f"nope.{ns0}.svc.{zone}.", "A", "missing"))
    queries.append((f"{ns0}.svc.{zone}.", "A", "namespace"))
    queries.append((f"svc-0.nonexistent.svc.{zone}.", "A", "missing-namespace"))
    for p in (world.get("pods") or [])[:1]:
        ips = p.get("status", {}).get("podIPs") or []
        if ips:
            queries.append((f"{dashed(ips[0]['ip'])}.{p['metadata']['namespace']}.pod.{zone}.", "A", "pod"))
    queries = list(dict.fromkeys(queries))
    ups = orc.dns_batch(wpath, [(n, t) for n, t, _ in queries])
    count("dns queries", len(queries))
    out = []
    for (n, t, cls), up in zip(queries, ups):
        rc, so, se = run_svcplay(svcplay, ["dns", n, t, "--format", "json", path])
        if rc not in (0, 1):
            out.append({"sig": f"dns:engine-error:{cls}", "stage": "dns", "detail": {"query": n, "stderr": se[-300:]}})
            continue
        e = json.loads(so)
        ea, ua = sorted(e["answers"]), sorted(up.get("answers") or [])
        if e["rcode"] != up.get("rcode") or ea != ua:
            def size(xs):
                return "0" if not xs else ("1" if len(xs) == 1 else "n")
            sig = f"dns:{t}:{cls}:engine={e['rcode']}/{size(ea)}:upstream={up.get('rcode')}/{size(ua)}"
            out.append({"sig": sig, "stage": "dns", "detail": {"query": f"{n} {t}", "engine": [e["rcode"], ea],
                                                             "upstream": [up.get("rcode"), ua]}})
    return out


def node_ip(n):
    for a in n.get("status", {}).get("addresses") or []:
        if a.get("type") == "InternalIP":
            return a["address"]
    return None


def compare_trace(eng, world, svcplay, orc, path, wpath):
    nodes = world.get("nodes") or []
    if not nodes:
        return []
    node_names = {n["metadata"]["name"] for n in nodes}
    pods = [p for p in world.get("pods") or [] if (p.get("status", {}).get("podIPs") and p.get("spec", {}).get("nodeName") in node_names
                                                   and p["status"].get("phase") not in ("Succeeded", "Failed"))]
    sources = []
    if pods:
        sources.append(f"pod:{pods[0]['metadata']['namespace']}/{pods[0]['metadata']['name']}")
    sources.append(f"external@{nodes[-1]['metadata']['name']}")
    sources.append(f"host:{nodes[0]['metadata']['name']}")
    out = []
    n0ip = node_ip(nodes[0])
    # Frontends (IP:port/protocol) claimed by more than one Service: kube-proxy's rule order for
    # them follows Go map iteration, so which Service wins is not defined.
    claims = {}
    for s in world.get("services") or []:
        sp = s["spec"]
        ips = list(sp.get("externalIPs") or []) + [i.get("ip") for i in (s.get("status", {}).get("loadBalancer", {}).get("ingress") or []) if i.get("ip")]
        for p in sp.get("ports") or []:
            for ip in ips:
                k = (ip, p["port"], p.get("protocol", "TCP"))
                claims[k] = claims.get(k, 0) + 1
    for s in world.get("services") or []:
        spec = s["spec"]
        if spec.get("type") == "ExternalName":
            continue
        feats = svc_features(spec) + svc_label_features(s)
        for p in (spec.get("ports") or [])[:2]:
            proto = p.get("protocol", "TCP")
            dests = []
            if spec.get("clusterIP") and spec["clusterIP"] != "None":
                dests.append((f"{spec['clusterIP']}:{p['port']}", "clusterIP"))
            if p.get("nodePort") and n0ip:
                dests.append((f"{n0ip}:{p['nodePort']}", "nodePort"))
            for ing in (s.get("status", {}).get("loadBalancer", {}).get("ingress") or [])[:1]:
                if ing.get("ip"):
                    dests.append((f"{ing['ip']}:{p['port']}", "lb" + ("-proxy" if ing.get("ipMode") == "Proxy" else "")))
            for ip in (spec.get("externalIPs") or [])[:1]:
                dests.append((f"{ip}:{p['port']}", "externalIP"))
            for dest, dkind in dests:
                host, _, port = dest.rpartition(":")
                if claims.get((host, int(port), proto), 0) > 1:
                    dkind += "-shared"
                for src in sources:
                    skind = src.split(":")[0].split("@")[0]
                    rc, so, se = run_svcplay(svcplay, ["trace", "--from", src, "--to", dest, "--protocol", proto, "--format", "json", path])
                    r = orc.call("trace", ["--from", src, "--to", dest, "--protocol", proto, "--world", wpath])
                    count("traces")
                    if rc not in (0, 1) or r.get("code") not in (0, 1):
                        if (rc in (0, 1)) != (r.get("code") in (0, 1)):
                            out.append({"sig": f"trace:usage:{skind}:{dkind}", "stage": "trace",
                                        "detail": {"from": src, "to": dest, "engine": se[-200:], "upstream": r.get("error")}})
                        continue
                    e = json.loads(so)
                    # kube-proxy's rules deliver in all three; the engine's caveat (a target port
                    # no container declares, a cluster IP the network must route) is outside them.
                    if e["verdict"] in ("at-risk", "conditional"):
                        e["verdict"] = "delivered"
                    u = r["out"]
                    epods = sorted((x["ip"], x["port"], round(x["probability"], 4)) for x in e.get("pods") or [])
                    upods = sorted((x["ip"], x["port"], round(x["probability"], 4)) for x in u.get("pods") or [])
                    if e["verdict"] != u["verdict"]:
                        out.append({"sig": f"trace:verdict:{skind}:{dkind}:{feats}:engine={e['verdict']}:upstream={u['verdict']}",
                                    "stage": "trace", "detail": {"from": src, "to": dest, "protocol": proto,
                                                                 "engine": [e["verdict"], e.get("reason"), epods],
                                                                 "upstream": [u["verdict"], u.get("reason"), upods]}})
                    elif e["verdict"] == "delivered" and epods != upods:
                        kind = "set" if {x[:2] for x in epods} != {x[:2] for x in upods} else "probability"
                        out.append({"sig": f"trace:pods-{kind}:{skind}:{dkind}:{feats}", "stage": "trace",
                                    "detail": {"from": src, "to": dest, "protocol": proto, "engine": epods, "upstream": upods}})
    return out


# ------------------------------------------------------------------------------------ exceptions

def load_exceptions(path):
    if not path or not os.path.exists(path):
        return []
    with open(path) as f:
        data = json.load(f)
    for x in data["exceptions"]:
        x["_re"] = re.compile(x["match"])
    return data["exceptions"]


def explain(sig, exceptions):
    for x in exceptions:
        if x["_re"].search(sig):
            return x["id"]
    return None


# ------------------------------------------------------------------------------------ shrinking

def shrink(objs, target_sig, tools, work, budget=250):
    """Greedy: drop objects, then dict keys and list items, while the target signature stays."""
    runs = [0]

    def still(candidate):
        if runs[0] >= budget:
            return False
        runs[0] += 1
        try:
            ds = compare_case(Case("shrink", candidate), tools, work)
        except Exception:
            return False
        return any(d["sig"] == target_sig for d in ds)

    cur = objs
    changed = True
    while changed and runs[0] < budget:
        changed = False
        for i in range(len(cur)):
            cand = cur[:i] + cur[i + 1:]
            if cand and still(cand):
                cur = cand
                changed = True
                break
        if changed:
            continue
        for i in range(len(cur)):
            for path in paths(cur[i]):
                if path[:1] in (["apiVersion"], ["kind"]) or path == ["metadata", "name"] or path == ["metadata"]:
                    continue
                cand = json.loads(json.dumps(cur))
                if delete_path(cand[i], path) and still(cand):
                    cur = cand
                    changed = True
                    break
            if changed:
                break
    return cur, runs[0]


def paths(v, prefix=None):
    prefix = prefix or []
    out = []
    if isinstance(v, dict):
        for k in v:
            out.append(prefix + [k])
            out += paths(v[k], prefix + [k])
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out.append(prefix + [i])
            out += paths(x, prefix + [i])
    return out


def delete_path(v, path):
    for p in path[:-1]:
        try:
            v = v[p]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del v[path[-1]]
        return True
    except (KeyError, IndexError, TypeError):
        return False


# ------------------------------------------------------------------------------------ main

def slug(sig):
    s = re.sub(r"[^A-Za-z0-9]+", "-", sig).strip("-").lower()
    return s[:90]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--svcplay", required=True)
    ap.add_argument("--k8s-oracle", required=True)
    ap.add_argument("--dns-oracle", required=True)
    ap.add_argument("--k8s-oracle-old", default=None,
                    help="k8s-oracle built against an older release (1.34): a `version-*` exception holds only if that release agrees with the engine")
    ap.add_argument("--corpus", nargs="*", default=[])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exceptions", default=None)
    ap.add_argument("--record", default=None, help="write shrunk disagreements (yaml + json) to this directory")
    ap.add_argument("--shrink", type=int, default=0, help="shrink at most this many distinct new signatures")
    ap.add_argument("--shrink-budget", type=int, default=80, help="case runs per shrink")
    ap.add_argument("--report", default=None, help="write every disagreement as JSON lines here")
    ap.add_argument("--save-cases", default=None, help="write every case with an unexplained disagreement here")
    ap.add_argument("--max-explained", type=float, default=None,
                    help="fail when more than this percentage of the cases is explained by exceptions")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()

    orc = Oracle(a.k8s_oracle, a.dns_oracle)
    old_orc = Oracle(a.k8s_oracle_old, a.dns_oracle) if a.k8s_oracle_old else None

    def pick(minor):
        # A cluster on 1.34 or older runs the 1.34 build (its feature gates emulate 1.31-1.34);
        # newer ones the 1.37 build (emulating 1.34-1.37), as `--emulated-version` allows.
        if minor <= 34:
            if not old_orc:
                raise RuntimeError(f"the case's cluster runs 1.{minor}: needs --k8s-oracle-old (the 1.34 build)")
            return old_orc
        return orc

    tools = (a.svcplay, pick)
    old_tools = (a.svcplay, lambda minor: old_orc) if old_orc else None
    exceptions = load_exceptions(a.exceptions)
    exc_by_id = {x["id"]: x for x in exceptions}
    work = tempfile.mkdtemp(prefix="oracle-")
    cases = []
    corpus_docs = []
    for f in a.corpus:
        with open(f) as fh:
            text = fh.read()
        r = orc.call("docs", [f])
        docs = (r.get("out") or {}).get("docs") or []
        cases.append(Case(f, objs=docs, text=text))
        if docs:
            corpus_docs.append(docs)
    rng = random.Random(a.seed)
    for i in range(a.cases):
        cases.append(Case(f"gen-{a.seed}-{i}", objs=gen.generate(rng, corpus_docs)))

    agree = explained = 0
    by_sig = {}
    report = open(a.report, "w") if a.report else None
    t0 = time.time()
    for c in cases:
        try:
            ds = compare_case(c, tools, work)
        except Exception as ex:  # an oracle failure is a disagreement too
            ds = [{"sig": "harness:error", "stage": "harness", "detail": repr(ex)}]
        for d in ds:
            d["exception"] = explain(d["sig"], exceptions)
        versioned = [d for d in ds if d["exception"] and exc_by_id[d["exception"]].get("older_release_agrees")]
        if versioned:
            # A version-sensitive exception holds only if the older release's code agrees with the
            # engine there (the signature disappears); without that oracle it is taken as stated.
            if old_tools:
                old_sigs = {x["sig"] for x in compare_case(c, old_tools, work)}
                for d in versioned:
                    if d["sig"] in old_sigs:
                        d["exception"] = None
                        d["sig"] += " (1.34 differs too)"
                        count("version re-checks")
                    else:
                        count("version re-checks")
        unexplained = [d for d in ds if not d["exception"]]
        if not ds:
            agree += 1
        elif not unexplained:
            explained += 1
        for d in ds:
            d["case"] = c.name
            if report:
                report.write(json.dumps(d) + "\n")
            if not d["exception"]:
                by_sig.setdefault(d["sig"], []).append((c, d))
        if a.save_cases and unexplained:
            os.makedirs(a.save_cases, exist_ok=True)
            with open(os.path.join(a.save_cases, slug(c.name) + ".yaml"), "w") as fh:
                fh.write(c.text)
        if a.verbose and unexplained:
            print(f"{c.name}: " + "; ".join(sorted({d['sig'] for d in unexplained})), file=sys.stderr)
    elapsed = time.time() - t0
    n = len(cases)
    print(f"{n} cases in {elapsed:.0f}s ({len(a.corpus)} corpus, {a.cases} generated, seed {a.seed}); compared: "
          + ", ".join(f"{v} {k}" for k, v in sorted(STATS.items())))
    if by_sig:
        print(f"{len(by_sig)} distinct unexplained disagreement(s):")
        for sig, lst in sorted(by_sig.items(), key=lambda x: -len(x[1])):
            c, d = lst[0]
            print(f"  [{len(lst)}] {sig}\n      e.g. {c.name}: {json.dumps(d['detail'])[:300]}")
    if a.record and by_sig:
        os.makedirs(a.record, exist_ok=True)
        done = 0
        for sig, lst in sorted(by_sig.items(), key=lambda x: -len(x[1])):
            if done >= a.shrink:
                break
            c, d = min(lst, key=lambda x: len(x[0].text))
            objs = c.objs
            if objs:
                objs, runs = shrink(objs, sig, tools, work, budget=a.shrink_budget)
                print(f"shrunk {sig} in {runs} runs", file=sys.stderr)
            text = yamlout.stream(objs, header=f"oracle disagreement: {sig}") if objs else c.text
            s = slug(sig)
            with open(os.path.join(a.record, s + ".yaml"), "w") as f:
                f.write(text)
            final = [x for x in compare_case(Case("final", objs, text), tools, work) if x["sig"] == sig]
            with open(os.path.join(a.record, s + ".json"), "w") as f:
                json.dump({"signature": sig, "count": len(lst), "first_case": c.name,
                           "detail": final[0]["detail"] if final else d["detail"]}, f, indent=2)
            done += 1
    shutil.rmtree(work, ignore_errors=True)
    too_many = a.max_explained is not None and explained > n * a.max_explained / 100
    if too_many:
        print(f"oracle: {explained} of {n} cases ({100 * explained / n:.1f}%) are explained by exceptions, "
              f"more than the {a.max_explained:g}% allowed: fix the engine or the oracle instead of excusing them")
    print(f"oracle: {agree}/{n} cases agree, {explained} explained exceptions")
    sys.exit(0 if agree + explained == n and not too_many else 1)


if __name__ == "__main__":
    main()
