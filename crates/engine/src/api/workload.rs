//! What the engine reads of a Deployment, ReplicaSet, StatefulSet or DaemonSet (`apps/v1`).

use super::{ObjectMeta, PodSpec};
use crate::labels::{LabelSelector, Labels};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub metadata: ObjectMeta,
    /// None for a DaemonSet (one pod per node); otherwise the default is 1.
    pub replicas: Option<i64>,
    pub selector: Option<LabelSelector>,
    pub template_labels: Labels,
    pub template_spec: PodSpec,
    /// StatefulSet `spec.serviceName`.
    pub service_name: Option<String>,
}
