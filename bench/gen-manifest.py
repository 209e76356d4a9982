#!/usr/bin/env python3
"""Generates test manifests for the size/speed budgets (deterministic: same args, same text).

  gen-manifest.py pods N          N pods behind one Service on N/10 nodes (the "1,000 pods" budget)
  gen-manifest.py dump MEGABYTES  a `kubectl get svc,pods,nodes,endpointslices -A -o yaml` style
                                  List of about that size, with managedFields and full statuses
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

MANAGED = """    managedFields:
    - apiVersion: v1
      fieldsType: FieldsV1
      fieldsV1:
        f:metadata:
          f:generateName: {{}}
          f:labels:
            .: {{}}
            f:app: {{}}
            f:pod-template-hash: {{}}
          f:ownerReferences:
            .: {{}}
            k:{{"uid":"{uid}"}}: {{}}
        f:spec:
          f:containers:
            k:{{"name":"app"}}:
              .: {{}}
              f:image: {{}}
              f:imagePullPolicy: {{}}
              f:name: {{}}
              f:ports:
                .: {{}}
                k:{{"containerPort":8080,"protocol":"TCP"}}:
                  .: {{}}
                  f:containerPort: {{}}
                  f:name: {{}}
                  f:protocol: {{}}
      manager: kube-controller-manager
      operation: Update
      time: "2026-11-01T10:00:00Z"
"""

def dump(megabytes):
    target = int(megabytes * 1024 * 1024)
    items = []
    size = 0
    nodes = 60
    for i in range(nodes):
        s = (f"- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-{i}\n    labels:\n      kubernetes.io/hostname: node-{i}\n"
             f"      topology.kubernetes.io/zone: zone-{i % 3}\n  spec:\n    podCIDR: 10.244.{i}.0/24\n    podCIDRs:\n    - 10.244.{i}.0/24\n"
             f"  status:\n    addresses:\n    - address: 192.168.0.{i + 10}\n      type: InternalIP\n    - address: node-{i}\n      type: Hostname\n"
             "    conditions:\n    - lastHeartbeatTime: \"2026-11-01T10:00:00Z\"\n      lastTransitionTime: \"2026-11-01T10:00:00Z\"\n"
             "      message: kubelet is posting ready status\n      reason: KubeletReady\n      status: \"True\"\n      type: Ready\n"
             "    nodeInfo:\n      architecture: amd64\n      kubeletVersion: v1.34.1\n      osImage: Debian GNU/Linux 12 (bookworm)\n")
        items.append(s); size += len(s)
    apps = 0
    i = 0
    while size < target:
        app = f"app-{i // 20}"
        ns = f"team-{(i // 200) % 30}"
        if i % 20 == 0:
            s = (f"- apiVersion: v1\n  kind: Service\n  metadata:\n    name: {app}\n    namespace: {ns}\n    labels:\n      app: {app}\n"
                 f"  spec:\n    clusterIP: 10.{96 + (apps // 65000) % 16}.{(apps // 250) % 250}.{apps % 250 + 2}\n    ports:\n    - name: http\n      port: 80\n      protocol: TCP\n      targetPort: http\n"
                 f"    selector:\n      app: {app}\n    sessionAffinity: None\n    type: ClusterIP\n  status:\n    loadBalancer: {{}}\n")
            items.append(s); size += len(s); apps += 1
        uid = f"{i:08x}-0000-4000-8000-{i:012x}"
        node = i % nodes
        s = (f"- apiVersion: v1\n  kind: Pod\n  metadata:\n    creationTimestamp: \"2026-11-01T10:00:00Z\"\n    generateName: {app}-7d9f8b6c5d-\n"
             f"    labels:\n      app: {app}\n      pod-template-hash: 7d9f8b6c5d\n" + MANAGED.format(uid=uid) +
             f"    name: {app}-7d9f8b6c5d-{i:05d}\n    namespace: {ns}\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n"
             f"      controller: true\n      kind: ReplicaSet\n      name: {app}-7d9f8b6c5d\n      uid: {uid}\n    resourceVersion: \"{1000 + i}\"\n    uid: {uid}\n"
             f"  spec:\n    containers:\n    - image: registry.example/{app}:1.0\n      imagePullPolicy: IfNotPresent\n      name: app\n      ports:\n"
             "      - containerPort: 8080\n        name: http\n        protocol: TCP\n      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n"
             "      terminationMessagePath: /dev/termination-log\n      terminationMessagePolicy: File\n    dnsPolicy: ClusterFirst\n"
             f"    enableServiceLinks: true\n    nodeName: node-{node}\n    preemptionPolicy: PreemptLowerPriority\n    priority: 0\n    restartPolicy: Always\n"
             "    schedulerName: default-scheduler\n    securityContext: {}\n    serviceAccount: default\n    serviceAccountName: default\n"
             "    terminationGracePeriodSeconds: 30\n    tolerations:\n    - effect: NoExecute\n      key: node.kubernetes.io/not-ready\n      operator: Exists\n      tolerationSeconds: 300\n"
             "  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-01T10:00:01Z\"\n      status: \"True\"\n      type: Initialized\n"
             "    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-01T10:00:05Z\"\n      status: \"True\"\n      type: Ready\n"
             "    containerStatuses:\n    - containerID: containerd://0123456789abcdef\n      image: registry.example/app:1.0\n      imageID: registry.example/app@sha256:0123\n"
             "      lastState: {}\n      name: app\n      ready: true\n      restartCount: 0\n      started: true\n      state:\n        running:\n          startedAt: \"2026-11-01T10:00:03Z\"\n"
             f"    hostIP: 192.168.0.{node + 10}\n    phase: Running\n    podIP: 10.244.{node}.{(i // nodes) % 250 + 2}\n    podIPs:\n    - ip: 10.244.{node}.{(i // nodes) % 250 + 2}\n"
             "    qosClass: Burstable\n    startTime: \"2026-11-01T10:00:00Z\"\n")
        items.append(s); size += len(s); i += 1
    return "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n" + "".join(items)

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("pods", "dump"):
        sys.exit(__doc__)
    sys.stdout.write(pods(int(sys.argv[2])) if sys.argv[1] == "pods" else dump(float(sys.argv[2])))
