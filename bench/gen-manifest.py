#!/usr/bin/env python3
"""Generates test manifests for the size/speed budgets (deterministic: same args, same text).

  gen-manifest.py pods N          N pods behind one Service on N/10 nodes (the "1,000 pods" budget)
  gen-manifest.py dump MEGABYTES  a `kubectl get svc,pods,nodes,endpointslices,deploy,rs -A -o yaml`
                                  dump of about that size: bench/gen-dump.py (see there)
"""
import sys

def pods(n):
    nodes = max(1, n // 10)
    out = ["apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  externalTrafficPolicy: Local\n"
           "  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n"]
    for i in range(nodes):
        out.append(f"---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-{i}\n  labels:\n    topology.kubernetes.io/zone: zone-{i % 3}\n"
                   f"spec:\n  podCIDR: 10.{100 + i // 250}.{i % 250}.0/24\nstatus:\n  addresses:\n  - type: InternalIP\n    address: 192.168.{i // 250}.{i % 250 + 1}\n"
                   "  conditions:\n  - type: Ready\n    status: \"True\"\n")
    for i in range(n):
        node = i % nodes
        ready = "True" if i % 7 else "False"
        out.append(f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web-{i}\n  labels:\n    app: web\n    shard: s{i % 4}\n"
                   f"spec:\n  nodeName: node-{node}\n  containers:\n  - name: app\n    image: nginx\n    ports:\n    - name: http\n      containerPort: 8080\n"
                   f"status:\n  phase: Running\n  podIP: 10.{100 + node // 250}.{node % 250}.{i // nodes + 2}\n  conditions:\n  - type: Ready\n    status: \"{ready}\"\n")
    return "".join(out)

def dump(megabytes):
    """The realistic live-object dump of bench/gen-dump.py (one generator for both commands)."""
    import importlib.util
    import os
    spec = importlib.util.spec_from_file_location("gen_dump", os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen-dump.py"))
    gen_dump = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_dump)
    return gen_dump.generate(megabytes, 1, False)

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("pods", "dump"):
        sys.exit(__doc__)
    sys.stdout.write(pods(int(sys.argv[2])) if sys.argv[1] == "pods" else dump(float(sys.argv[2])))
