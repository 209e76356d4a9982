//! NamespaceLifecycle admission: the API server refuses to create an object in a namespace that
//! does not exist (`namespaces "prd" not found`; k8s.io/apiserver
//! `pkg/admission/plugin/namespace/lifecycle/admission.go`, which falls back to a live lookup and
//! returns its NotFound error).
//!
//! The playground knows which namespaces exist only when the input declares some (a `Namespace`
//! document, or a dump that lists them): then an object in any other namespace, besides the
//! built-in ones, is refused. Without Namespace documents, every namespace is assumed to exist.
//! Objects read from a cluster (`metadata.uid`, ...) exist already and are left alone, and a
//! Namespace anywhere in the input counts (re-running `kubectl apply` creates what the first run
//! refused because its Namespace came later).

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Diagnostics, Kind, Objects};
use crate::util::text::did_you_mean;

/// Namespaces every cluster has.
pub(crate) const BUILTIN: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

/// Marks objects in an undeclared namespace invalid, with the API server's error.
pub(super) fn refuse_missing(objects: &mut Objects, sink: &mut Diagnostics) {
    let declared: Vec<String> = objects
        .iter()
        .filter(|o| o.kind == Kind::Namespace && o.valid && !o.name.is_empty())
        .map(|o| o.name.clone())
        .collect();
    if declared.is_empty() {
        return;
    }
    let known: Vec<&str> = BUILTIN.iter().copied().chain(declared.iter().map(String::as_str)).collect();
    for id in objects.ids().collect::<Vec<_>>() {
        let Some(o) = objects.get_mut(id) else { continue };
        let ns = o.namespace.clone();
        if o.simulated
            || !o.valid
            || ns.is_empty()
            || known.contains(&ns.as_str())
            || crate::api::is_live(o.root.node())
        {
            continue;
        }
        let help = match did_you_mean(&ns, declared.iter().map(String::as_str)) {
            Some(n) => format!(
                "did you mean `namespace: {n}`? Otherwise add a Namespace document (kubectl create namespace {ns})"
            ),
            None => format!(
                "add a Namespace document for it (kubectl create namespace {ns}), or use one of: {}",
                known.join(", ")
            ),
        };
        let d = Diagnostic::new(
            Severity::Error,
            Code::NamespaceNotFound,
            format!("namespaces \"{ns}\" not found: the API server refuses to create {} {} in a namespace that does not exist (NamespaceLifecycle admission)", o.kind, o.name),
        )
        .help(help);
        sink.reject(o, "metadata.namespace", d);
    }
}
