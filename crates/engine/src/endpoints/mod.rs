//! Stage `endpoints`: what the endpoints, EndpointSlice and EndpointSlice-mirroring controllers write for
//! each Service (reference §4), plus the user's own Endpoints / EndpointSlices that consumers read.
//!
//! The output (read by `dns`, `proxy`, `checks` and the CLI), in `crate::model`:
//! * [`ServiceEndpoints`] — per Service: the v1 `Endpoints` object, every EndpointSlice that
//!   kube-proxy and DNS read for it ([`ServiceSlice`]), and a per-Service-port flattened view
//!   ([`PortEndpoints`]) with both the legacy Endpoints view (`ready` / `notReady` "ip:port") and
//!   the slice view ([`SliceEndpointView`]) that kube-proxy and DNS consume.
//!
//! The stage also holds the API server's validation of Endpoints and EndpointSlices written by
//! the user ([`validate`]), which the `admit` stage runs.

mod controller;
mod mirroring;
mod pods;
mod slices;
pub(crate) mod validate;
mod view;

pub(crate) use mirroring::mirroring_skipped;
pub use pods::find_port;
pub(crate) use view::{consumable, replaced_by_controller};

use crate::api::{NodeInfo, Pod};
use crate::model::{
    Body, EndpointsSource, Kind, Object, ObjectId, Objects, ServiceEndpoints, ServiceType, ServiceView,
};
use std::collections::{BTreeMap, BTreeSet};

/// The endpoints controller's `maxCapacity`.
pub const MAX_ENDPOINTS_ADDRESSES: usize = 1000;
/// `--max-endpoints-per-slice` default.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;
/// `--mirroring-max-endpoints-per-subset` default.
pub const MAX_MIRRORED_PER_SUBSET: usize = 1000;

/// The stage, one Service at a time ([`Controllers::sync`] of each Service, in order), so the
/// pipeline can spread a large input over short steps: what the controllers share between
/// Services, the pods by name and IP and the slice names taken so far.
#[derive(Debug)]
pub struct Controllers {
    pods: PodIndex,
    /// Slice names taken per namespace (input slices and generated ones).
    slice_names: BTreeSet<(String, String)>,
    written: Written,
}

/// The live Endpoints and EndpointSlices of the input, found by namespace (each Service looks
/// for its own: a scan of every object per Service is most of the stage on a large dump).
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// The first live Endpoints of each namespace and name.
    endpoints: BTreeMap<(String, String), ObjectId>,
    /// The live EndpointSlices, by namespace (in input order within one).
    slices: Vec<ObjectId>,
}

impl Written {
    fn new(objects: &Objects) -> Self {
        let mut endpoints = BTreeMap::new();
        // Backwards, so that the first of a name is the one kept.
        let live: Vec<(ObjectId, &Object)> =
            objects.live(&Kind::Endpoints).filter(|(_, o)| matches!(o.body, Body::Endpoints(_))).collect();
        for (i, o) in live.into_iter().rev() {
            endpoints.insert((o.namespace.clone(), o.name.clone()), i);
        }
        let mut slices: Vec<ObjectId> = objects.live(&Kind::EndpointSlice).map(|(i, _)| i).collect();
        crate::util::sort::sort_by(&mut slices, |x, y| namespace(objects, *x).cmp(namespace(objects, *y)));
        Written { endpoints, slices }
    }

    /// The live Endpoints `namespace/name` (the first, when the input has several).
    pub(crate) fn endpoints(&self, namespace: &str, name: &str) -> Option<ObjectId> {
        self.endpoints.get(&(namespace.to_string(), name.to_string())).copied()
    }

    /// The live EndpointSlices of `ns`, in input order.
    pub(crate) fn slices(&self, objects: &Objects, ns: &str) -> &[ObjectId] {
        let from = self.slices.partition_point(|&i| namespace(objects, i) < ns);
        let to = from + self.slices[from..].partition_point(|&i| namespace(objects, i) == ns);
        &self.slices[from..to]
    }
}

fn namespace(objects: &Objects, i: ObjectId) -> &str {
    objects.get(i).map_or("", |o| o.namespace.as_str())
}

impl Controllers {
    /// Before the first Service of `objects` is synced.
    pub fn new(objects: &Objects) -> Self {
        let slice_names = crate::util::sort::set(
            objects.live(&Kind::EndpointSlice).map(|(_, o)| (o.namespace.clone(), o.name.clone())),
        );
        Controllers { pods: PodIndex::new(objects), slice_names, written: Written::new(objects) }
    }

    /// What the controllers publish for the Service of `view` (the Services must come in order).
    pub fn sync(&mut self, objects: &Objects, nodes: &[NodeInfo], view: &ServiceView) -> ServiceEndpoints {
        let nodes: BTreeMap<&str, &NodeInfo> = crate::util::sort::map(nodes.iter().map(|n| (n.name.as_str(), n)));
        let mut ctx = SyncContext {
            objects,
            nodes: &nodes,
            pods: &self.pods,
            written: &self.written,
            slice_names: &mut self.slice_names,
        };
        sync_service(&mut ctx, view.object, &view.selected)
    }
}

/// Live pods by (namespace, name), for `targetRef` lookups, and by pod IP, for hand-written
/// endpoints without one.
#[derive(Debug)]
pub(crate) struct PodIndex {
    by_name: BTreeMap<(String, String), ObjectId>,
    by_ip: BTreeMap<String, ObjectId>,
}

impl PodIndex {
    fn new(objects: &Objects) -> Self {
        let mut by_name = BTreeMap::new();
        let mut by_ip = BTreeMap::new();
        for (i, o, p) in objects.pods() {
            by_name.insert((o.namespace.clone(), o.name.clone()), i);
            // A hostNetwork pod shares its node's address: the address names no single pod.
            if p.spec.host_network || p.is_terminal() {
                continue;
            }
            for ip in p.status.pod_ip.iter().chain(p.status.pod_ips.iter()) {
                if let Some(c) = crate::util::ip::canonical(ip) {
                    by_ip.entry(c).or_insert(i);
                }
            }
        }
        PodIndex { by_name, by_ip }
    }

    /// The pod a `targetRef` names.
    pub(crate) fn named(&self, namespace: &str, name: &str) -> Option<ObjectId> {
        self.by_name.get(&(namespace.to_string(), name.to_string())).copied()
    }

    /// The pod that has this IP.
    pub(crate) fn with_ip(&self, ip: &str) -> Option<ObjectId> {
        self.by_ip.get(&crate::util::ip::canonical(ip)?).copied()
    }
}

/// What one Service sync reads, and the slice names taken so far.
struct SyncContext<'a, 'b> {
    objects: &'a Objects,
    nodes: &'b BTreeMap<&'a str, &'a NodeInfo>,
    pods: &'b PodIndex,
    written: &'b Written,
    /// Slice names taken per namespace (input slices and generated ones).
    slice_names: &'b mut BTreeSet<(String, String)>,
}

/// A selected pod: its object id and body.
#[derive(Clone, Copy)]
struct Candidate<'a> {
    id: ObjectId,
    pod: &'a Pod,
}

fn sync_service(ctx: &mut SyncContext, svc_id: ObjectId, selected: &[ObjectId]) -> ServiceEndpoints {
    let objects = ctx.objects;
    let Some((svc_obj, svc)) = objects.get(svc_id).and_then(|o| o.service().map(|s| (o, s))) else {
        return ServiceEndpoints::default();
    };
    // The endpoints and EndpointSlice controllers skip ExternalName Services (issue 105986): an
    // Endpoints object written by hand keeps what it says, even with a selector, and the
    // mirroring controller (which only looks at the selector) mirrors it when there is none.
    let external_name = svc.spec.type_ == ServiceType::ExternalName;
    let mut out = ServiceEndpoints::default();
    if svc.has_selector() && !external_name {
        let candidates: Vec<Candidate> = selected
            .iter()
            .filter_map(|&id| objects.get(id).and_then(|o| o.pod()).map(|pod| Candidate { id, pod }))
            .collect();
        let (endpoints, total) = controller::endpoints_controller_sync(svc_obj, svc, &candidates);
        if endpoints.metadata.annotations.contains_key(crate::api::wellknown::ANNOTATION_OVER_CAPACITY) {
            out.over_capacity = Some(total);
        }
        out.endpoints = Some(endpoints);
        out.endpoints_source = Some(EndpointsSource::Controller);
        for family in pods::address_types(svc) {
            let (slices, skipped) = slices::endpointslice_controller_sync(ctx, svc_obj, svc, &candidates, family);
            out.slices.extend(slices);
            for id in skipped {
                if !out.skipped_pods.contains(&id) {
                    out.skipped_pods.push(id);
                }
            }
        }
    } else if let Some((ep_id, user)) =
        mirroring::user_endpoints(objects, ctx.written, &svc_obj.namespace, &svc_obj.name)
    {
        out.endpoints = Some(user.clone());
        out.endpoints_source = Some(EndpointsSource::User);
        out.endpoints_object = Some(ep_id);
        if !svc.has_selector() && !mirroring_skipped(user) {
            out.slices.extend(mirroring::mirror_endpoints(ctx, ep_id, user));
        }
    }
    out.slices.extend(view::user_slices(objects, ctx.written, svc_obj, svc));
    out.ports = svc
        .spec
        .ports
        .iter()
        .map(|sp| view::port_endpoints(ctx.pods, sp, out.endpoints.as_ref(), &out.slices))
        .collect();
    out.all = view::all_slice_endpoints(ctx.pods, &out.slices);
    if !svc.has_selector() && out.endpoints.is_none() {
        view::endpoints_from_live_slices(svc, &out.slices, &mut out.ports);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wellknown::ANNOTATION_OVER_CAPACITY;
    use crate::api::wellknown::LABEL_HEADLESS;
    use crate::api::wellknown::LABEL_MANAGED_BY;
    use crate::api::wellknown::LABEL_SERVICE_NAME;

    use crate::analyze;
    use crate::model::Source;
    use crate::Analysis;

    fn run(yaml: &str) -> Analysis {
        analyze(&[Source::new("t.yaml", yaml)])
    }

    const NAMED: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: admin, port: 81, protocol: UDP}]
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.244.1.10, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: web}}
spec: {nodeName: node-b, containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
status: {phase: Running, podIP: 10.244.2.10, conditions: [{type: Ready, status: "False"}]}
"#;

    #[test]
    fn per_port_view_resolves_target_per_pod() {
        let a = run(NAMED);
        let v = &a.services[0].endpoints;
        assert_eq!(v.ports.len(), 2);
        let web = &v.ports[0];
        assert_eq!(
            (web.name.as_str(), web.port, web.protocol.as_str(), web.target.as_str()),
            ("web", 80, "TCP", "http")
        );
        assert_eq!(web.ready, vec!["10.244.1.10:8080"]);
        assert_eq!(web.not_ready, vec!["10.244.2.10:9090"]);
        let ports: Vec<(String, i64, bool)> =
            web.slice_endpoints.iter().map(|e| (e.address.clone(), e.port, e.ready)).collect();
        assert_eq!(ports, vec![("10.244.1.10".into(), 8080, true), ("10.244.2.10".into(), 9090, false)]);
        let pod = web.slice_endpoints[0].pod.and_then(|i| a.objects.get(i)).map(|o| o.name.as_str());
        assert_eq!(pod, Some("a"));
        assert_eq!(web.slice_endpoints[0].zone.as_deref(), Some("zone-a"));
        // targetPort omitted: the port itself, protocol kept.
        let admin = &v.ports[1];
        assert_eq!((admin.target.as_str(), admin.protocol.as_str()), ("81", "UDP"));
        assert_eq!(admin.ready, vec!["10.244.1.10:81"]);
        assert_eq!(v.all.len(), 2);
    }

    #[test]
    fn serializes_for_the_cli() {
        let a = run(NAMED);
        let json = serde_json::to_value(&a.services[0].endpoints).unwrap();
        assert_eq!(json["ports"][0]["ready"], serde_json::json!(["10.244.1.10:8080"]));
        assert_eq!(json["ports"][0]["notReady"], serde_json::json!(["10.244.2.10:9090"]));
        assert_eq!(json["slices"][0]["managedBy"], "endpointslice-controller.k8s.io");
        assert_eq!(json["endpoints"]["metadata"]["name"], "web");
    }

    #[test]
    fn truncated_endpoints_keep_every_slice_endpoint() {
        let text = include_str!("../../tests/fixtures/endpoints/truncated-endpoints.yaml");
        let a = run(text);
        let v = &a.services[0].endpoints;
        let ep = v.endpoints.as_ref().unwrap();
        assert_eq!(ep.subsets.iter().map(|s| s.addresses.len()).sum::<usize>(), MAX_ENDPOINTS_ADDRESSES);
        assert_eq!(ep.metadata.annotations.get(ANNOTATION_OVER_CAPACITY).map(|s| s.as_str()), Some("truncated"));
        assert_eq!(v.slices.len(), 11);
        assert!(v.slices.iter().all(|s| s.slice.endpoints.len() <= MAX_ENDPOINTS_PER_SLICE));
        assert_eq!(v.ports[0].slice_endpoints.len(), 1005);
        assert_eq!(v.ports[0].ready.len(), 1000);
    }

    #[test]
    fn controller_slice_metadata() {
        let a = run(r#"
apiVersion: v1
kind: Service
metadata: {name: db, labels: {team: data, kubernetes.io/service-name: spoof}}
spec: {clusterIP: None, selector: {app: db}}
"#);
        let v = &a.services[0].endpoints;
        let s = &v.slices[0].slice;
        assert!(s.metadata.name.starts_with("db-") && s.metadata.name.len() == 8, "{}", s.metadata.name);
        assert_eq!(s.metadata.generate_name.as_deref(), Some("db-"));
        assert_eq!(s.metadata.labels.get(LABEL_SERVICE_NAME).map(|s| s.as_str()), Some("db"));
        assert_eq!(
            s.metadata.labels.get(LABEL_MANAGED_BY).map(|s| s.as_str()),
            Some("endpointslice-controller.k8s.io")
        );
        assert_eq!(s.metadata.labels.get(LABEL_HEADLESS).map(|s| s.as_str()), Some(""));
        assert_eq!(s.metadata.labels.get("team").map(|s| s.as_str()), Some("data"));
        let ep = v.endpoints.as_ref().unwrap();
        assert_eq!(ep.metadata.labels.get(LABEL_HEADLESS).map(|s| s.as_str()), Some(""));
        assert!(ep.subsets.is_empty());
    }

    #[test]
    fn slice_names_survive_edits_of_ports_and_pods() {
        let names = |text: &str| -> Vec<String> {
            run(text).services[0].endpoints.slices.iter().map(|s| s.slice.metadata.name.clone()).collect()
        };
        // Pods a and b resolve targetPort `http` differently: two slices of one Service and family.
        let before = names(NAMED);
        assert_eq!(before.len(), 2, "{before:?}");
        assert_ne!(before[0], before[1], "slices of one Service and family get distinct names");
        assert!(before.iter().all(|n| n.starts_with("web-") && n.len() == 9), "{before:?}");
        let edited = NAMED.replace("port: 80,", "port: 8000,").replace("10.244.1.10", "10.244.1.99");
        assert_ne!(run(&edited).services[0].endpoints.ports[0].ready, run(NAMED).services[0].endpoints.ports[0].ready);
        assert_eq!(names(&edited), before, "a real controller keeps the slice's name");
        let renamed = NAMED.replace("{name: web}", "{name: shop}");
        assert!(names(&renamed).iter().all(|n| n.starts_with("shop-")));
    }

    #[test]
    fn mirrored_slice_names_survive_edits_and_stay_unique() {
        let yaml = |port: u16, ip: &str| {
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: db}}\nspec: {{ports: [{{port: 5432}}]}}\n---\n\
                 apiVersion: v1\nkind: Endpoints\nmetadata: {{name: db}}\n\
                 subsets: [{{addresses: [{{ip: {ip}}}], ports: [{{port: {port}}}]}}, {{addresses: [{{ip: 'fd00::5'}}], ports: [{{port: {port}}}]}}]\n"
            )
        };
        let names = |text: &str| -> Vec<String> {
            let a = run(text);
            a.services[0].endpoints.slices.iter().map(|s| s.slice.metadata.name.clone()).collect()
        };
        let before = names(&yaml(5432, "192.168.10.5"));
        assert_eq!(before.len(), 2, "one mirrored slice per family: {before:?}");
        assert_ne!(before[0], before[1]);
        assert!(before.iter().all(|n| n.starts_with("db-")), "{before:?}");
        assert_eq!(names(&yaml(6432, "192.168.10.9")), before);
    }
}
