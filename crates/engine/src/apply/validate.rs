//! What the API server checks on every create and update of a Pod or a workload, before it
//! looks at an earlier object: `ValidatePodCreate` / `ValidateDeployment` and siblings, the parts
//! the playground models.

use crate::diag::{Code, FieldError};
use crate::model::{Body, Kind, Object};
use crate::validation::{validate_labels, validate_meta, NameRule};
use crate::workloads::validate_workload_spec;

/// Why the API server refuses `o` whatever came before it (empty: it does not).
pub(crate) fn errors(o: &Object) -> Vec<FieldError> {
    match &o.body {
        // ValidatePodCreate -> ValidateObjectMeta(ValidatePodName = NameIsDNSSubdomain).
        Body::Pod(p) => validate_meta(&p.metadata, NameRule::Dns1123Subdomain),
        Body::Workload(w) => {
            let spec = validate_workload_spec(&o.kind, w);
            if spec.iter().any(|e| e.code == Code::Int32Overflow) {
                // The body does not decode: nothing else is checked.
                return spec;
            }
            let rule = if o.kind == Kind::StatefulSet { NameRule::Dns1123Label } else { NameRule::Dns1123Subdomain };
            let mut errs = validate_meta(&w.metadata, rule);
            // ValidatePodTemplateSpec validates the labels at `spec.template.labels` (sic: the
            // template's ObjectMeta is embedded, so upstream's path has no `metadata`).
            errs.extend(validate_labels(&w.template_labels, "spec.template.labels", "spec.template.metadata.labels"));
            errs.extend(spec);
            errs
        }
        _ => Vec::new(),
    }
}
