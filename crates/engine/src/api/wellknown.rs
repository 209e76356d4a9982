//! Well-known labels and annotations (upstream `k8s.io/api` constants), one place for all.

/// `discovery.LabelServiceName`: the Service an EndpointSlice belongs to.
pub const LABEL_SERVICE_NAME: &str = "kubernetes.io/service-name";
/// `discovery.LabelManagedBy`: the controller that manages an EndpointSlice.
pub const LABEL_MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
/// `discovery.LabelSkipMirror`: an Endpoints object the mirroring controller leaves alone.
pub const LABEL_SKIP_MIRROR: &str = "endpointslice.kubernetes.io/skip-mirror";
/// `v1.IsHeadlessService`: on headless Services' slices; kube-proxy watches nothing with it.
pub const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";
/// `service.kubernetes.io/service-proxy-name`: hands a Service to another proxy.
pub const LABEL_SERVICE_PROXY_NAME: &str = "service.kubernetes.io/service-proxy-name";
/// `v1.LabelTopologyZone`.
pub const LABEL_ZONE: &str = "topology.kubernetes.io/zone";
/// `v1.LabelHostname`.
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// `v1.LabelOSStable`.
pub const LABEL_OS: &str = "kubernetes.io/os";
/// `apps.DefaultDeploymentUniqueLabelKey`: set on a Deployment's ReplicaSets and pods.
pub const LABEL_POD_TEMPLATE_HASH: &str = "pod-template-hash";
/// `apps.ControllerRevisionHashLabelKey`: set on StatefulSet and DaemonSet pods.
pub const LABEL_CONTROLLER_REVISION_HASH: &str = "controller-revision-hash";
/// `apps.StatefulSetPodNameLabel`.
pub const LABEL_STATEFULSET_POD_NAME: &str = "statefulset.kubernetes.io/pod-name";
/// Labels controllers add to the pods they create (never a useful selector suggestion).
pub const CONTROLLER_LABELS: &[&str] = &[
    LABEL_POD_TEMPLATE_HASH,
    LABEL_CONTROLLER_REVISION_HASH,
    LABEL_STATEFULSET_POD_NAME,
    "apps.kubernetes.io/pod-index",
    "pod-template-generation",
];

/// `v1.EndpointsOverCapacity`.
pub const ANNOTATION_OVER_CAPACITY: &str = "endpoints.kubernetes.io/over-capacity";
/// The leader-election annotation the mirroring controller does not copy.
pub const ANNOTATION_LEADER: &str = "control-plane.alpha.kubernetes.io/leader";
/// What `kubectl apply` records.
pub const ANNOTATION_LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// `v1.EndpointsLastChangeTriggerTime`.
pub const ANNOTATION_TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
/// `v1.AnnotationTopologyMode`.
pub const ANNOTATION_TOPOLOGY_MODE: &str = "service.kubernetes.io/topology-mode";
/// `v1.DeprecatedAnnotationTopologyAwareHints`.
pub const ANNOTATION_TOPOLOGY_HINTS: &str = "service.kubernetes.io/topology-aware-hints";
/// `v1.AnnotationLoadBalancerSourceRangesKey`.
pub const ANNOTATION_LB_SOURCE_RANGES: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";
