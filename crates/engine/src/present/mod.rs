//! Presentation: everything the app shows that takes a Kubernetes rule to work out, computed from
//! an [`Analysis`](crate::Analysis) with no drawing and no browser — service details
//! ([`service`]), why its traffic fails or is at risk ([`callout`]), the Service chooser
//! ([`chooser`]), the cluster's settings ([`cluster`]), DNS names and records ([`dns`]), selector near-misses ([`selector`]), the kubectl-style endpoints
//! text and tables ([`endpoints`]), the stored-object YAML with its diff marks ([`stored`]), the
//! folded routing table ([`routes`]), trace sources and destinations ([`trace`]), the Problems
//! count ([`problems`]), and the traffic diagram's model and geometry ([`diagram`]).
//!
//! The app's components only lay out and style what these functions return. This module sits on
//! top of the engine: it may use any other module, and no other module uses it.

pub mod callout;
pub mod chooser;
pub mod cluster;
pub mod diagram;
pub mod dns;
pub mod endpoints;
pub mod pod;
pub mod problems;
pub mod routes;
pub mod selector;
pub mod service;
pub mod stored;
pub mod teach;
pub mod trace;

/// Inputs for the tests: the gallery examples, analysed.
#[cfg(test)]
pub(crate) mod testing {
    use crate::{analyze, Analysis, ServiceView, Source};

    pub const MY_SERVICE: &str = include_str!("../../../../examples/01-my-service.yaml");
    pub const WITHOUT_SELECTOR: &str = include_str!("../../../../examples/04-without-selector.yaml");
    pub const NODEPORT: &str = include_str!("../../../../examples/05-nodeport.yaml");
    pub const LOADBALANCER: &str = include_str!("../../../../examples/06-loadbalancer.yaml");
    pub const EXTERNALNAME: &str = include_str!("../../../../examples/07-externalname.yaml");
    pub const HEADLESS: &str = include_str!("../../../../examples/08-headless-statefulset.yaml");
    pub const MULTI_PORT: &str = include_str!("../../../../examples/11-multi-port.yaml");

    pub fn analysis(text: &str) -> Analysis {
        analyze(&[Source::new("test.yaml", text)])
    }

    /// The Service `name` of an analysis.
    pub fn view<'a>(a: &'a Analysis, name: &str) -> &'a ServiceView {
        a.services.iter().find(|v| v.name == name).unwrap_or_else(|| panic!("no Service {name}"))
    }
}
