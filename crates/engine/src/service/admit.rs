//! One Service create or update, start to end: decode checks, defaulting, IP families,
//! allocation, validation, warnings (the order is the API server's; see the stage docs).

use crate::api::{IntOrString, Service};
use crate::diag::{Code, FieldError};
use crate::model::ClusterSettings;
use crate::service::allocate::{
    alloc_cluster_ips, alloc_health_check_node_port, init_node_ports, update_cluster_ips,
    update_health_check_node_port, update_node_ports, Ctx,
};
use crate::service::defaults::{clean_empty, finalize, normalize_cluster_ips_create, set_defaults};
use crate::service::ip_families::init_ip_family_fields;
use crate::service::predicates::needs_health_check;
use crate::service::validate::validate_service;
use crate::service::warnings::{check_lb_status, service_warnings};
use crate::service::{Allocations, Txn};
use crate::validation::is_int32;
use crate::Severity;
/// Create (old = None) or update one Service. Ok: the stored object, its allocations and any
/// warnings. Err: why the API server refuses it.
pub(crate) fn admit_service(
    mut svc: Service,
    old: Option<&Service>,
    al: &Allocations,
    cluster: &ClusterSettings,
    key: String,
) -> Result<(Service, Txn, Vec<FieldError>), Vec<FieldError>> {
    if let Some(e) = int32_overflow(&svc) {
        return Err(vec![e]);
    }
    clean_empty(&mut svc);
    set_defaults(&mut svc);
    let live = svc.metadata.live;
    let mut cx = Ctx { al, cluster, key, live, txn: Txn::default(), warnings: Vec::new() };
    let mut warns = Vec::new();
    match old {
        None => {
            normalize_cluster_ips_create(&mut svc);
            init_ip_family_fields(&mut svc, None, cluster)?;
            alloc_cluster_ips(&mut svc, &mut cx)?;
            init_node_ports(&mut svc, &mut cx)?;
            if needs_health_check(&svc) {
                alloc_health_check_node_port(&mut svc, &mut cx)?;
            }
        }
        Some(old) => {
            crate::service::update::patch_allocated_values(&mut svc, old);
            crate::service::update::normalize_cluster_ips_update(&mut svc, old);
            if !crate::service::update::matching_prefer_dual_stack(&svc, old) {
                init_ip_family_fields(&mut svc, Some(old), cluster)?;
                update_cluster_ips(&mut svc, old, &mut cx)?;
            }
            update_node_ports(&mut svc, old, &mut cx)?;
            update_health_check_node_port(&mut svc, old, &mut cx)?;
            // Status: the new document's observed state if it has one, else the live one's.
            if svc.status.load_balancer.ingress.is_empty() {
                svc.status = old.status.clone();
            }
            crate::service::update::drop_type_dependent_fields(&mut svc, old);
        }
    }
    // The cloud controller writes load-balancer status only for LoadBalancer Services.
    if svc.type_() != "LoadBalancer" && !svc.status.load_balancer.ingress.is_empty() {
        warns.push(
            FieldError::raw(
                Code::LbStatusIgnored,
                "",
                "only a LoadBalancer Service has load-balancer status; this one is ignored".into(),
            )
            .at("status.loadBalancer".into())
            .severity(Severity::Info)
            .help("remove `status`, or set `type: LoadBalancer` if a cloud load balancer is meant"),
        );
        svc.status.load_balancer.ingress.clear();
    }
    warns.append(&mut cx.warnings);
    warns.extend(check_lb_status(&mut svc));
    let mut errs = Vec::new();
    if let Some(old) = old {
        errs.extend(crate::service::update::validate_service_update(&svc, old));
    }
    errs.extend(validate_service(&svc, cluster));
    if !errs.is_empty() {
        return Err(errs);
    }
    warns.extend(service_warnings(&svc));
    finalize(&mut svc);
    Ok((svc, cx.txn, warns))
}

/// The first int32 field whose value does not fit: the JSON decoder refuses the request.
pub(crate) fn int32_overflow(svc: &Service) -> Option<FieldError> {
    let fail = |path: String, go_field: &str, v: i64| {
        FieldError::raw(
            Code::Int32Overflow,
            "",
            format!("Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal number {v} into Go struct field {go_field} of type int32"),
        )
        .help("this number is far too large; ports are 1-65535")
        .near(path.clone())
        .at(path)
    };
    for (i, p) in svc.spec.ports.iter().enumerate() {
        if !is_int32(p.port) {
            return Some(fail(format!("spec.ports[{i}].port"), "ServicePort.spec.ports.port", p.port));
        }
        if let Some(IntOrString::Int(t)) = p.target_port {
            if !is_int32(t) {
                return Some(fail(format!("spec.ports[{i}].targetPort"), "ServicePort.spec.ports.targetPort", t));
            }
        }
        if let Some(n) = p.node_port.filter(|n| !is_int32(*n)) {
            return Some(fail(format!("spec.ports[{i}].nodePort"), "ServicePort.spec.ports.nodePort", n));
        }
    }
    if let Some(h) = svc.spec.health_check_node_port.filter(|n| !is_int32(*n)) {
        return Some(fail("spec.healthCheckNodePort".into(), "ServiceSpec.spec.healthCheckNodePort", h));
    }
    let t =
        svc.spec.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
    if let Some(t) = t.filter(|t| !is_int32(*t)) {
        return Some(fail(
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds".into(),
            "ClientIPConfig.spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            t,
        ));
    }
    None
}
