//! Stage `admit`: what the API server does with each Service, Endpoints and EndpointSlice document.
//!
//! Documents are taken in input order, as `kubectl apply -f` sends them. For each valid one:
//!
//! 1. **Create or update.** If an object with the same kind/namespace/name is already live (an
//!    earlier document was admitted), this document is an *update* of it (see [`crate::apply`]);
//!    otherwise a *create*. Cluster-wide allocations (clusterIPs, nodePorts) go to the first
//!    request.
//! 2. **Decode.** A number that does not fit the API's int32 (`port: 99999999999`) fails decoding
//!    and nothing else is checked.
//! 3. **Static defaulting** (`SetDefaults_Service`): `type`, `sessionAffinity` (+ its config),
//!    each port's `protocol` and `targetPort`, `externalTrafficPolicy`, `internalTrafficPolicy`,
//!    `allocateLoadBalancerNodePorts`, ingress `ipMode`.
//! 4. **BeginCreate / BeginUpdate.** clusterIP(s) normalisation; IP-family fields (policy, families,
//!    the clusterIP validation); allocation of the clusterIPs from the cluster's Service CIDRs
//!    ([`crate::model::ClusterSettings`]), of nodePorts from its nodePort range (keyed by port
//!    *number*, so TCP/53 and UDP/53 share one) and of the
//!    `healthCheckNodePort`. An error here is the only error reported: it replaces validation.
//!    Allocation is deterministic: the start of the search is a hash of `namespace/name` (and port)
//!    in the upper band of the range, then linear probing, so the same manifest always gets the
//!    same addresses. The range's first address (`default/kubernetes`) and tenth
//!    (`kube-system/kube-dns`) are taken. An object read from a cluster (`metadata.uid`,
//!    `resourceVersion` or `creationTimestamp` set) keeps the clusterIPs and nodePorts it holds:
//!    they are adopted without a range check; a conflict with another Service is still an error.
//! 5. **Validation** (`ValidateService`, plus `ValidateServiceUpdate` for an update). Every error
//!    is reported, with the API server's field path and message and a one-line `help`.
//! 6. On success the defaulted, allocated object replaces the object's body, so serialising it gives what the API server would store.
//!    `status.loadBalancer` written in the input is kept as the cloud controller's observed state
//!    (LoadBalancer Services only). A rejected document is marked invalid (it does not exist
//!    downstream); a rejected update leaves the earlier object as it was.
//!
//! Endpoints and EndpointSlices written by the user are validated the same way
//! (`ValidateEndpoints`, discovery `ValidateEndpointSlice`: [`crate::endpoints::validate`]).
//!
//! Diagnostic codes are registered in [`crate::diag::Code`].

mod admit;
pub mod allocate;
mod defaults;
mod ip_families;
pub(crate) mod predicates;
pub(crate) mod update;
pub(crate) mod validate;
mod warnings;

use crate::apply::Ledger;
use crate::diag::FieldError;
use crate::endpoints::validate::{validate_endpoint_slice, validate_endpoints};
use crate::model::{Body, ClusterSettings, Diagnostics, Kind, Object, Objects, Service, ServiceBody};
use allocate::{reown, Allocations, Txn};

/// Admits every Service, Endpoints and EndpointSlice document in input order (see the module
/// documentation): refused ones are marked invalid, accepted ones hold what the API server
/// stores, and accepted updates replace the earlier object.
pub fn run(mut objects: Objects, sources: &[String], cluster: &ClusterSettings, sink: &mut Diagnostics) -> Objects {
    let mut al = Allocations::new(cluster);
    let mut ledger = Ledger::new(sources);
    for id in objects.ids().collect::<Vec<_>>() {
        let Some(o) = objects.get(id) else { continue };
        if o.simulated || !matches!(o.kind, Kind::Service | Kind::Endpoints | Kind::EndpointSlice) {
            continue;
        }
        let Some(old) = ledger.open(&objects, id, sink) else { continue };
        let outcome = admit(o, old.and_then(|old| objects.get(old)).map(|p| &p.body), &al, cluster);
        let Some(o) = objects.get_mut(id) else { continue };
        match outcome {
            Ok(Admitted { body, txn, warnings }) => {
                if let Some(txn) = txn {
                    let owner = ledger.describe(o);
                    txn.commit(&mut al, &owner);
                    if let Body::Service(svc) = &body {
                        reown(&mut al, &svc.api, &owner);
                    }
                }
                o.body = body;
                for w in warnings {
                    sink.field_error(o, w);
                }
                ledger.accepted(&objects, id, old, sink);
            }
            Err(errors) => {
                for e in errors {
                    sink.field_error(o, e);
                }
                o.valid = false;
                if let Some(old) = old {
                    ledger.refused(&objects, id, old, sink);
                }
            }
        }
    }
    ledger.finish(&mut objects);
    objects
}

/// What the API server stores for an accepted request, the allocations it made, and its
/// warnings.
struct Admitted {
    body: Body,
    txn: Option<Txn>,
    warnings: Vec<FieldError>,
}

/// Creates (no `old`) or updates one object; Err: why the API server refuses it.
fn admit(
    o: &Object,
    old: Option<&Body>,
    al: &Allocations,
    cluster: &ClusterSettings,
) -> Result<Admitted, Vec<FieldError>> {
    match (&o.body, old) {
        (Body::Service(s), old) => {
            let old = match old {
                Some(Body::Service(x)) => Some(&x.api),
                _ => None,
            };
            let seed = if o.name.is_empty() {
                s.api.metadata.generate_name.clone().unwrap_or_default()
            } else {
                o.name.clone()
            };
            admit::admit_service(s.api.clone(), old, al, cluster, format!("{}/{}", o.namespace, seed)).map(
                |(svc, txn, warnings)| {
                    let body =
                        Body::Service(Box::new(ServiceBody { admitted: Some(Service::admitted(&svc)), api: svc }));
                    Admitted { body, txn: Some(txn), warnings }
                },
            )
        }
        (Body::Endpoints(e), old) => {
            let old = match old {
                Some(Body::Endpoints(x)) => Some(x),
                _ => None,
            };
            validated(validate_endpoints(e, old), Body::Endpoints(e.clone()))
        }
        (Body::EndpointSlice(s), old) => {
            let old = match old {
                Some(Body::EndpointSlice(x)) => Some(x),
                _ => None,
            };
            validated(validate_endpoint_slice(s, old), Body::EndpointSlice(s.clone()))
        }
        _ => Ok(Admitted { body: o.body.clone(), txn: None, warnings: Vec::new() }),
    }
}

/// Accepted with warnings, or refused with the errors.
fn validated(findings: Vec<FieldError>, body: Body) -> Result<Admitted, Vec<FieldError>> {
    if findings.iter().any(FieldError::is_error) {
        Err(findings.into_iter().filter(FieldError::is_error).collect())
    } else {
        Ok(Admitted { body, txn: None, warnings: findings })
    }
}

#[cfg(test)]
mod tests {
    use crate::Body;

    use crate::analyze;
    use crate::api::IntOrString;
    use crate::api::Service;
    use crate::api::ServicePort;
    use crate::diag::Code;
    use crate::model::Source;
    use crate::service::allocate::CIDR_NET;
    use crate::service::allocate::CIDR_SIZE;
    use crate::service::allocate::IP_STATIC_BAND;
    use crate::service::allocate::NODE_PORT_MAX;
    use crate::service::allocate::NODE_PORT_MIN;
    use crate::service::allocate::NODE_PORT_STATIC_BAND;
    use crate::service::predicates::node_port;
    use crate::service::predicates::service_port_target;
    use crate::util::ip;
    use crate::util::json;
    use crate::Analysis;

    fn run(yaml: &str) -> Analysis {
        analyze(&[Source::new("t.yaml", yaml)])
    }

    fn svc<'a>(a: &'a Analysis, name: &str) -> &'a Service {
        a.objects
            .iter()
            .filter(|o| o.valid && o.name == name)
            .find_map(|o| match &o.body {
                Body::Service(b) => Some(&b.api),
                _ => None,
            })
            .expect("service")
    }

    #[test]
    fn allocation_is_deterministic_and_in_the_upper_bands() {
        let y =
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n";
        let (a, b) = (run(y), run(y));
        let (s1, s2) = (svc(&a, "web"), svc(&b, "web"));
        assert_eq!(s1, s2);
        let ip = ip::v4_bits(s1.spec.cluster_ip.as_deref().unwrap_or("")).expect("an IPv4 clusterIP");
        assert!((CIDR_NET + 1 + IP_STATIC_BAND..CIDR_NET + CIDR_SIZE - 1).contains(&ip), "{ip:x}");
        let np = node_port(&s1.spec.ports[0]);
        assert!((NODE_PORT_MIN + NODE_PORT_STATIC_BAND..=NODE_PORT_MAX).contains(&np), "{np}");
    }

    #[test]
    fn reapplying_the_same_manifest_is_a_no_op_update() {
        let doc = "apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]\n";
        let once = run(doc);
        let twice = run(&format!("{doc}---\n{doc}"));
        assert_eq!(svc(&once, "lb"), svc(&twice, "lb"));
        assert_eq!(twice.service_objects().count(), 1);
        assert!(!twice.has_errors(), "{:?}", twice.diagnostics);
        assert!(twice.diagnostics.iter().any(|d| d.code == Code::UpdatesEarlier));
    }

    #[test]
    fn huge_and_negative_numbers_do_not_panic() {
        for v in ["99999999999", "-99999999999", "9223372036854775807", "-9223372036854775808", "-1", "0", "2147483647"]
        {
            let y = format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: x}}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: {v}\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {{clientIP: {{timeoutSeconds: {v}}}}}\n  ports: [{{port: {v}, targetPort: {v}, nodePort: {v}}}]\n"
            );
            let a = run(&y);
            assert!(a.has_errors(), "{v}");
        }
    }

    #[test]
    fn stored_form_serializes_like_the_api_server() {
        let a = run("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n");
        let json = serde_json::to_value(svc(&a, "web")).expect("json");
        let spec = &json["spec"];
        assert_eq!(spec["type"], "ClusterIP");
        assert_eq!(spec["sessionAffinity"], "None");
        assert_eq!(spec["internalTrafficPolicy"], "Cluster");
        assert_eq!(spec["ipFamilyPolicy"], "SingleStack");
        assert_eq!(spec["ipFamilies"], serde_json::json!(["IPv4"]));
        assert_eq!(spec["ports"][0]["protocol"], "TCP");
        assert_eq!(spec["ports"][0]["targetPort"], 80);
        assert_eq!(spec["clusterIPs"][0], spec["clusterIP"]);
        assert!(spec.get("externalTrafficPolicy").is_none());
        assert!(spec["ports"][0].get("nodePort").is_none());
    }

    #[test]
    fn json_rendering_matches_go() {
        assert_eq!(json::quote("a\"b<c>&"), r#""a\"b\u003cc\u003e\u0026""#);
        assert_eq!(json::list(&["1.1.1.1"]), r#"["1.1.1.1"]"#);
        assert_eq!(json::optional(None), "null");
    }

    #[test]
    fn target_port_defaulting() {
        let p = |t: Option<IntOrString>| ServicePort { port: 80, target_port: t, ..Default::default() };
        assert_eq!(service_port_target(&p(None)), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Int(0)))), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Str(String::new())))), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Str("http".into())))), IntOrString::Str("http".into()));
    }
}
