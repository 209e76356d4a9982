//! The callout under the Traffic summary: why traffic to the chosen Service port fails or is at
//! risk, one cause per line, each with a short title, the explaining check's words and the line
//! to fix. Built from the analysis's diagnostics about the Service (the explaining checks say the
//! cause precisely: near-misses by key, value or namespace, unready pods, a targetPort no
//! container declares, Local policies, a pending load balancer, ...), plus the few causes no
//! check reports because they are not a mistake (an ExternalName's CNAME, a Service without
//! ports, a manifest without pods).

use crate::api::IntOrString;
use crate::diag::Code;
use crate::model::{FrontendKind, Object, ServiceType};
use crate::yaml::Span;
use crate::{Analysis, ServiceView};

/// How bad a cause is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    /// No connection to this port reaches a pod.
    Fails,
    /// Some connections fail, or may, or go where the user may not expect.
    AtRisk,
    /// Worth knowing to read the picture right.
    Note,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Fails => "fails",
            Tone::AtRisk => "at-risk",
            Tone::Note => "note",
        }
    }
}

/// One cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub tone: Tone,
    /// A few words: "No endpoints", "Named port not found", ...
    pub title: &'static str,
    /// What happens and why (the check's message).
    pub text: String,
    /// What to do, when the check says.
    pub help: Option<String>,
    /// Where to fix it: 1-based line and column in the editor's text.
    pub line: u32,
    pub column: u32,
    /// The diagnostic code it comes from (None: worked out here).
    pub code: Option<Code>,
}

/// The causes for port `port_idx` of the Service `v`, the worst first (each tone in input order).
/// Empty when traffic to that port works as one would expect.
pub fn callout(a: &Analysis, v: &ServiceView, port_idx: usize) -> Vec<Cause> {
    callout_for(a, v, port_idx, None)
}

/// [`callout`] for the traffic to one kind of frontend (the one the diagram shows): a cause that
/// only concerns other frontends is left out — externalTrafficPolicy: Local drops nothing sent to
/// the cluster IP, internalTrafficPolicy: Local nothing sent to a nodePort or a load balancer.
pub fn callout_for(a: &Analysis, v: &ServiceView, port_idx: usize, focus: Option<FrontendKind>) -> Vec<Cause> {
    let mut out = all_causes(a, v, port_idx);
    if let Some(kind) = focus {
        let external = kind != FrontendKind::ClusterIP;
        out.retain(|c| match c.code {
            Some(Code::LocalPolicyDropsOnNodes | Code::NoReadyEndpointsExternal) => external,
            Some(Code::InternalLocalDrops) => !external,
            Some(Code::ExternalIpIsNodeIp) => kind == FrontendKind::ExternalIP,
            _ => true,
        });
    }
    out
}

fn all_causes(a: &Analysis, v: &ServiceView, port_idx: usize) -> Vec<Cause> {
    let Some(o) = a.objects.get(v.object) else { return Vec::new() };
    let me = o.reference();
    let endpoints_of_mine = format!("Endpoints/{}/{}", v.namespace, v.name);
    let mut out: Vec<Cause> = Vec::new();
    for d in &a.diagnostics {
        let about = d.object.as_deref();
        if about != Some(me.as_str())
            && !(about == Some(endpoints_of_mine.as_str()) && d.code == Code::ManualEndpointsOverwritten)
        {
            continue;
        }
        // A finding about another Service port is not about the one shown.
        if let Some(i) = d.field.as_deref().and_then(port_index) {
            if i != port_idx {
                continue;
            }
        }
        let Some((tone, title)) = classify(a, v, port_idx, d.code) else { continue };
        out.push(Cause {
            tone,
            title,
            text: d.message.clone(),
            help: d.help.clone(),
            line: d.span.start.line,
            column: d.span.start.column,
            code: Some(d.code),
        });
    }
    // The generic "no ready endpoint" finding repeats a precise cause when there is one.
    if out.iter().filter(|c| c.tone == Tone::Fails).count() > 1 {
        out.retain(|c| c.code != Some(Code::NoReadyEndpointsExternal));
    }
    let named_by_ip = out.iter().any(|c| c.code == Some(Code::ExternalNameIsIp));
    out.extend(worked_out(a, o, v).into_iter().filter(|c| !(named_by_ip && c.title == "Leaves the cluster")));
    out.sort_by_key(|c| c.tone);
    out
}

/// The tone and title of a finding about the Service, or None when it is not about its traffic.
fn classify(a: &Analysis, v: &ServiceView, port_idx: usize, code: Code) -> Option<(Tone, &'static str)> {
    Some(match code {
        Code::SelectsNoPods => (Tone::Fails, "No endpoints"),
        Code::NoReadyPods => (Tone::Fails, "No ready endpoints"),
        Code::NoReadyEndpointsExternal => (Tone::Fails, "No ready endpoints"),
        Code::TargetPortNotExposed => {
            let named = a
                .objects
                .get(v.object)
                .and_then(|o| o.service())
                .and_then(|s| s.spec.ports.get(port_idx))
                .is_some_and(|p| matches!(p.target_port, IntOrString::Str(_)));
            let none = v.endpoints.ports.get(port_idx).is_none_or(|p| p.slice_endpoints.is_empty());
            match (named, none) {
                (true, true) => (Tone::Fails, "Named port not found"),
                (true, false) => (Tone::AtRisk, "Named port missing on some pods"),
                (false, _) => (Tone::AtRisk, "targetPort not declared"),
            }
        }
        Code::ExternalNameIsIp => (Tone::Fails, "ExternalName is an IP"),
        Code::LocalPolicyDropsOnNodes => (Tone::AtRisk, "Dropped on some nodes"),
        Code::InternalLocalDrops => (Tone::AtRisk, "Dropped for some clients"),
        Code::SelectsSeveralWorkloads => (Tone::AtRisk, "Several workloads"),
        Code::ManualEndpointsOverwritten => (Tone::AtRisk, "Endpoints overwritten"),
        Code::ExternalIpIsNodeIp => (Tone::AtRisk, "External IP is a node's address"),
        Code::LoadBalancerPending => (Tone::Note, "Load balancer pending"),
        Code::PodsInOtherNamespace => (Tone::Note, "Pods in another namespace"),
        Code::SessionAffinitySingleEndpoint => (Tone::Note, "Session affinity"),
        Code::EndpointsTruncated => (Tone::Note, "Endpoints truncated"),
        _ => return None,
    })
}

/// `spec.ports[3].targetPort` → 3.
fn port_index(field: &str) -> Option<usize> {
    let rest = field.strip_prefix("spec.ports[")?;
    rest.split(']').next()?.parse().ok()
}

/// Causes that are no mistake, so no check reports them.
fn worked_out(a: &Analysis, o: &Object, v: &ServiceView) -> Vec<Cause> {
    let Some(svc) = o.service() else { return Vec::new() };
    let spec = &svc.spec;
    let at = |path: &str| -> Span {
        let (span, found) = o.root.locate(path);
        if found {
            span
        } else {
            o.span
        }
    };
    let cause = |tone, title, text: String, span: Span| Cause {
        tone,
        title,
        text,
        help: None,
        line: span.start.line,
        column: span.start.column,
        code: None,
    };
    let mut out = Vec::new();
    if spec.type_ == ServiceType::ExternalName {
        let target = spec.external_name.as_deref().unwrap_or("?");
        out.push(cause(
            Tone::Note,
            "Leaves the cluster",
            format!(
                "an ExternalName Service is a DNS alias: its name resolves to CNAME {target}, and clients connect to that host themselves — kube-proxy does nothing, so the Service's ports are not remapped: the client must use the port {target} listens on"
            ),
            at("spec.externalName"),
        ));
        return out;
    }
    if spec.ports.is_empty() {
        out.push(cause(
            Tone::Note,
            "No ports",
            "the Service declares no ports: kube-proxy programs nothing for it, and clients reach the pods directly at the addresses DNS answers, on any port the pods listen on".into(),
            at("spec"),
        ));
    }
    let no_pods_at_all = a.pods().next().is_none();
    if svc.has_selector() && no_pods_at_all && v.selected.is_empty() {
        let sel: Vec<String> = spec.selector.iter().flat_map(|s| s.iter()).map(|(k, v)| format!("{k}: {v}")).collect();
        out.push(cause(
            Tone::Fails,
            "No endpoints",
            format!(
                "the input holds no pods, so the selector `{}` selects none and the Service has no endpoints — add Pods or a workload (Deployment, StatefulSet, ...) whose pod labels include it",
                sel.join("`, `")
            ),
            at("spec.selector"),
        ));
    }
    if !svc.has_selector() && v.endpoints.slices.is_empty() && v.endpoints.endpoints.is_none() {
        if let Some(d) = meant_for(a, v) {
            out.push(Cause {
                tone: Tone::Fails,
                title: "No endpoints",
                text: format!(
                    "the Service has no selector, and the endpoints meant for it are not used: {}",
                    d.message
                ),
                help: d.help.clone(),
                line: d.span.start.line,
                column: d.span.start.column,
                code: Some(d.code),
            });
            return out;
        }
        out.push(cause(
            Tone::Fails,
            "No endpoints",
            "the Service has no selector and no EndpointSlice or Endpoints names it, so nothing receives its traffic — add a selector, or write an EndpointSlice labelled `kubernetes.io/service-name` with this Service's name".into(),
            at("spec"),
        ));
    }
    out
}

/// A finding about an Endpoints or EndpointSlice object that its own help says belongs to the
/// Service `v` (a name or a `kubernetes.io/service-name` label off by a typo, or missing).
fn meant_for<'a>(a: &'a Analysis, v: &ServiceView) -> Option<&'a crate::Diagnostic> {
    let names = [format!("`name: {}`", v.name), format!("`kubernetes.io/service-name: {}`", v.name)];
    let in_ns = [format!("Endpoints/{}/", v.namespace), format!("EndpointSlice/{}/", v.namespace)];
    a.diagnostics.iter().find(|d| {
        matches!(d.code, Code::EndpointsUnknownService | Code::SliceUnknownService | Code::SliceMissingServiceName)
            && d.object.as_deref().is_some_and(|o| in_ns.iter().any(|p| o.starts_with(p.as_str())))
            && d.help.as_deref().is_some_and(|h| names.iter().any(|n| h.contains(n.as_str())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, view, EXTERNALNAME, LOADBALANCER, MY_SERVICE, NODEPORT};

    fn titles(a: &Analysis, name: &str, port: usize) -> Vec<(Tone, &'static str, u32)> {
        callout(a, view(a, name), port).iter().map(|c| (c.tone, c.title, c.line)).collect()
    }

    #[test]
    fn a_working_service_has_no_callout() {
        let a = analysis(MY_SERVICE);
        assert_eq!(titles(&a, "my-service", 0), []);
        let a = analysis(NODEPORT);
        assert_eq!(callout(&a, &a.services[0], 0), []);
    }

    #[test]
    fn a_selector_typo_names_the_near_miss_and_its_line() {
        let text = MY_SERVICE.replacen("    app: MyApp\n  ports", "    app: MyApp2\n  ports", 1);
        assert_ne!(text, MY_SERVICE, "the example's selector moved");
        let a = analysis(&text);
        let c = callout(&a, view(&a, "my-service"), 0);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((c[0].tone, c[0].title), (Tone::Fails, "No endpoints"));
        assert!(c[0].text.contains("MyApp2") && c[0].text.contains("2 pods have"), "{}", c[0].text);
        let line = text.lines().nth(c[0].line as usize - 1).unwrap();
        assert!(line.contains("selector") || line.contains("MyApp2"), "points at {line:?}");
    }

    #[test]
    fn a_named_target_port_no_pod_declares_fails() {
        let text = "kind: Service\napiVersion: v1\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: htp}]\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: web-1, labels: {app: web}}\nspec:\n  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]\nstatus: {phase: Running, podIP: 10.244.1.5, conditions: [{type: Ready, status: \"True\"}]}\n";
        let a = analysis(text);
        let c = callout(&a, view(&a, "web"), 0);
        assert_eq!(
            c.first().map(|c| (c.tone, c.title, c.line)),
            Some((Tone::Fails, "Named port not found", 6)),
            "{c:?}"
        );
    }

    #[test]
    fn external_name_says_it_leaves_the_cluster() {
        let a = analysis(EXTERNALNAME);
        let c = callout(&a, &a.services[0], 0);
        assert_eq!(c.iter().map(|c| c.title).collect::<Vec<_>>(), ["Leaves the cluster"]);
        assert!(c[0].text.contains("CNAME my.service.domain.com"), "{}", c[0].text);
    }

    #[test]
    fn a_service_alone_says_there_are_no_pods() {
        let a = analysis("kind: Service\napiVersion: v1\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n");
        assert_eq!(titles(&a, "web", 0), [(Tone::Fails, "No endpoints", 5)]);
    }

    #[test]
    fn port_index_reads_the_field() {
        assert_eq!(port_index("spec.ports[12].targetPort"), Some(12));
        assert_eq!(port_index("spec.selector"), None);
    }

    #[test]
    fn the_callout_of_a_frontend_leaves_out_what_concerns_only_others() {
        let a = analysis(LOADBALANCER);
        let v = view(&a, "web-local");
        let titles =
            |k: Option<FrontendKind>| -> Vec<&str> { callout_for(&a, v, 0, k).iter().map(|c| c.title).collect() };
        // externalTrafficPolicy: Local drops external traffic on node-c, not the cluster IP's.
        assert!(titles(None).contains(&"Dropped on some nodes"));
        assert!(titles(Some(FrontendKind::LoadBalancer)).contains(&"Dropped on some nodes"));
        assert!(titles(Some(FrontendKind::NodePort)).contains(&"Dropped on some nodes"));
        assert!(!titles(Some(FrontendKind::ClusterIP)).contains(&"Dropped on some nodes"));
        // internalTrafficPolicy: Local is the other way round.
        let itp = MY_SERVICE.replacen("spec:\n", "spec:\n  internalTrafficPolicy: Local\n", 1);
        assert_ne!(itp, MY_SERVICE);
        let a = analysis(&itp);
        let v = view(&a, "my-service");
        let has = |k| callout_for(&a, v, 0, Some(k)).iter().any(|c| c.code == Some(Code::InternalLocalDrops));
        assert!(has(FrontendKind::ClusterIP), "{:?}", callout(&a, v, 0));
        assert!(!has(FrontendKind::NodePort));
    }
}
