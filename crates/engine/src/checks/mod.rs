//! Stage `checks`: findings that explain what the earlier stages computed — why a Service has
//! no endpoints, which nodes drop its traffic, which hand-written object nothing reads. The API
//! server accepts everything these look at: they say what a user would otherwise have to work
//! out from an empty endpoints list or a hanging connection.
//!
//! One check per file, each documented in its file as *What / Why / Example* (`docs/checks.md`
//! is generated from those documents, see `tests/docs.rs`) and held by a failing and a passing
//! fixture (`tests/fixtures/checks/<code>.yaml` and `<code>-ok.yaml`). They run in three groups,
//! in this order: what the endpoints controllers did, what kube-proxy does with each Service,
//! and what each Service's selector picked.

mod endpoints_skip_mirror;
mod endpoints_truncated;
mod endpoints_unknown_service;
mod external_ip_is_node_ip;
mod external_name_is_ip;
mod internal_local_drops;
mod load_balancer_pending;
mod local_policy_drops_on_nodes;
mod manual_endpoints_overwritten;
mod no_ready_endpoints_external;
mod no_ready_pods;
mod pod_on_unknown_node;
mod pods_in_other_namespace;
mod selects_no_pods;
mod selects_several_workloads;
mod session_affinity_single_endpoint;
mod slice_managed_by_controller;
mod slice_missing_service_name;
mod slice_unknown_service;
mod target_port_not_exposed;
mod words;

use crate::api::Pod;
use crate::diag::{Code, Diagnostic};
use crate::model::{Analysis, Diagnostics, Object, Service, ServiceType, ServiceView};
use crate::proxy::{Inputs, Policy, PortView};
use std::cell::OnceCell;

/// The codes of the checks, each with its own file and fixtures.
pub const CODES: [Code; 20] = [
    Code::EndpointsTruncated,
    Code::EndpointsSkipMirror,
    Code::ManualEndpointsOverwritten,
    Code::EndpointsUnknownService,
    Code::SliceMissingServiceName,
    Code::SliceUnknownService,
    Code::SliceManagedByController,
    Code::PodOnUnknownNode,
    Code::LocalPolicyDropsOnNodes,
    Code::NoReadyEndpointsExternal,
    Code::LoadBalancerPending,
    Code::ExternalIpIsNodeIp,
    Code::SessionAffinitySingleEndpoint,
    Code::InternalLocalDrops,
    Code::ExternalNameIsIp,
    Code::SelectsNoPods,
    Code::SelectsSeveralWorkloads,
    Code::TargetPortNotExposed,
    Code::NoReadyPods,
    Code::PodsInOtherNamespace,
];

/// Services per part of [`run_part`]: on a large input the checks are spread over steps.
const PART: usize = 48;

/// What the parts of the checks of one analysis share, made on first use: which workload owns
/// each pod, and the pods by namespace and label. Made once per analysis, not once per part.
#[derive(Debug, Default)]
pub struct Shared {
    owners: OnceCell<selects_several_workloads::Owners>,
    pods: OnceCell<selects_no_pods::Pods>,
}

/// How many parts [`run_part`] has for `a`.
pub fn parts(a: &Analysis) -> usize {
    3 * a.services.len().div_ceil(PART) + 1
}

/// One part of the checks (parts `0..parts(a)`, in order, do all of it): the checks of up to
/// [`PART`] Services in one of the three groups, or the checks of objects other than Services.
/// `shared` is the same for every part of one analysis (start with `Shared::default()`); the
/// findings come in the same order as if all ran at once.
pub fn run_part(a: &Analysis, shared: &Shared, sink: &mut Diagnostics, part: usize) {
    let n = a.services.len().div_ceil(PART);
    let chunk = |k: usize| a.services.iter().skip(k * PART).take(PART);
    // What the endpoints controllers did.
    if part < n {
        for v in chunk(part) {
            endpoints_truncated::check(a, v, sink);
            endpoints_skip_mirror::check(a, v, sink);
        }
        return;
    }
    if part == n {
        manual_endpoints_overwritten::check(a, sink);
        endpoints_unknown_service::check(a, sink);
        slice_missing_service_name::check(a, sink);
        slice_unknown_service::check(a, sink);
        slice_managed_by_controller::check(a, sink);
        pod_on_unknown_node::check(a, sink);
        return;
    }

    // What kube-proxy does with each Service.
    if part <= 2 * n {
        let inputs = Inputs::of(a);
        for v in chunk(part - n - 1) {
            let Some(p) = Policy::new(&inputs, v) else { continue };
            if p.unproxied().is_some() {
                continue;
            }
            let views: Vec<PortView> =
                (0..p.svc.spec.ports.len()).map(|i| PortView::new(&p, &a.nodes, i, p.primary_ip())).collect();
            local_policy_drops_on_nodes::check(a, &p, &views, sink);
            no_ready_endpoints_external::check(a, &p, &views, sink);
            load_balancer_pending::check(a, &p, sink);
            external_ip_is_node_ip::check(a, &p, sink);
            session_affinity_single_endpoint::check(a, &p, &views, sink);
            internal_local_drops::check(a, &p, &views, sink);
        }
        return;
    }

    // What each Service's selector picked.
    let owners = shared.owners.get_or_init(|| selects_several_workloads::Owners::new(a));
    let pods = selects_no_pods::PodIndex::new(a, &shared.pods);
    let any_pods = a.pods().next().is_some();
    for v in chunk(part - 2 * n - 1) {
        let Some(s) = Subject::new(a, v) else { continue };
        external_name_is_ip::check(&s, sink);
        if s.svc.spec.type_ == ServiceType::ExternalName || !s.svc.has_selector() {
            continue;
        }
        // A manifest of Services alone says nothing about the cluster's pods.
        if any_pods {
            selects_no_pods::check(&s, &pods, sink);
        }
        selects_several_workloads::check(&s, owners, sink);
        target_port_not_exposed::check(&s, sink);
        no_ready_pods::check(&s, sink);
        pods_in_other_namespace::check(&s, &pods, sink);
    }
}

/// One valid Service as the selector checks see it.
struct Subject<'a> {
    a: &'a Analysis,
    object: &'a Object,
    svc: &'a Service,
    /// The valid pods its selector picked.
    selected: Vec<(&'a Object, &'a Pod)>,
}

impl<'a> Subject<'a> {
    fn new(a: &'a Analysis, v: &ServiceView) -> Option<Self> {
        let object = a.objects.get(v.object).filter(|o| o.valid)?;
        let svc = object.service()?;
        let selected = v
            .selected
            .iter()
            .filter_map(|&i| a.objects.get(i))
            .filter(|o| o.valid)
            .filter_map(|o| o.pod().map(|p| (o, p)))
            .collect();
        Some(Subject { a, object, svc, selected })
    }
}

/// Reports `d` on the Service of `v` at `field`.
fn report(a: &Analysis, v: &ServiceView, field: &str, d: Diagnostic, sink: &mut Diagnostics) {
    if let Some(o) = a.objects.get(v.object) {
        sink.report(o, field, d);
    }
}
