//! Every diagnostic code the engine reports, registered in one place: a code is a [`Code`]
//! variant, so a mistyped code does not compile. `docs/checks.md` is generated from this list
//! and from the explaining checks' own documentation (see `tests/docs.rs`).

use serde::Serialize;

/// Which part of the engine reports a code (the sections of `docs/checks.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// Reading the text: YAML syntax, kinds and versions.
    Read,
    /// The structural check of each object against its API type.
    Schema,
    /// Documents applied in order: updates of earlier documents.
    Apply,
    /// Service defaulting, allocation and validation.
    Service,
    /// Endpoints and EndpointSlice validation.
    EndpointsValidation,
    /// Workload validation and simulated pods.
    Workloads,
    /// The explaining checks (`crate::checks`), each documented in its own file.
    Checks,
}

impl Area {
    /// Every area, in the order `docs/checks.md` lists them.
    pub const ALL: [Area; 7] = [
        Area::Checks,
        Area::Read,
        Area::Schema,
        Area::Apply,
        Area::Service,
        Area::EndpointsValidation,
        Area::Workloads,
    ];

    /// The heading of its section in `docs/checks.md`.
    pub fn title(self) -> &'static str {
        match self {
            Area::Read => "Reading",
            Area::Schema => "Structure (schema)",
            Area::Apply => "Apply (later documents update earlier ones)",
            Area::Service => "Service defaulting, allocation and validation",
            Area::EndpointsValidation => "Endpoints and EndpointSlice validation",
            Area::Workloads => "Cluster, workloads and simulated pods",
            Area::Checks => "Checks that explain (stage `checks`)",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $area:ident, $severity:literal, $reporter:literal, $summary:literal;)*) => {
        /// A diagnostic code: a stable, kebab-case name for one kind of finding.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code's stable name, e.g. `selects-no-pods`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// Where it is documented and who reports it.
            pub fn area(self) -> Area {
                match self {
                    $(Code::$variant => Area::$area,)*
                }
            }

            /// The severities it is reported with, as documented (e.g. `error`, `error/warning`).
            pub fn severities(self) -> &'static str {
                match self {
                    $(Code::$variant => $severity,)*
                }
            }

            /// The stage (module) that reports it, as documented.
            pub fn reporter(self) -> &'static str {
                match self {
                    $(Code::$variant => $reporter,)*
                }
            }

            /// One line on what it means (empty for explaining checks, documented in full in
            /// their own files).
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

codes! {
    // Read
    ApiVersion => "api-version", Read, "error", "read", "The kind is not served at that apiVersion (\"no matches for kind ... in version ...\"), e.g. `apps/v1beta1` Deployments.";
    MissingKind => "missing-kind", Read, "error", "read", "The document lacks `apiVersion` and/or `kind`, so the API server cannot tell what it is.";
    NotAnObject => "not-an-object", Read, "error", "read", "A document is a scalar or a list instead of a mapping with `apiVersion`, `kind`, `metadata`.";
    Required => "required", Read, "error", "read", "`metadata.name` (or `generateName`) is missing.";
    UnmodeledKind => "unmodeled-kind", Read, "info", "read", "A kind the playground does not model (Ingress, ConfigMap, ...): kept as written, not analysed.";
    YamlSyntax => "yaml-syntax", Read, "error", "read", "The document is not valid YAML/JSON; only that document is skipped, the others are still read.";
    // Schema
    DuplicateKey => "duplicate-key", Schema, "warning", "schema", "The same key twice in one mapping; a real cluster silently keeps the last one.";
    UnknownField => "unknown-field", Schema, "error", "schema", "A field the API type does not have (with a \"did you mean\" for typos); strict field validation refuses it.";
    SelectorNotLabelSelector => "selector-not-label-selector", Schema, "error", "schema", "`matchLabels` or `matchExpressions` inside a Service's `spec.selector`, which is a plain map of labels (key: value), not a LabelSelector.";
    WrongType => "wrong-type", Schema, "error", "schema", "A field has the wrong JSON type (a number where a string is expected, `items` that is not a list, ...); the API server refuses the object.";
    // Apply
    NamespaceNotFound => "namespace-not-found", Apply, "error", "apply", "An object in a namespace that does not exist although the input declares Namespaces: the API server's NamespaceLifecycle admission refuses it (`namespaces \"x\" not found`).";
    AddressTypeImmutable => "address-type-immutable", Apply, "error", "apply / service", "An EndpointSlice's `addressType` may not change.";
    ClusteripImmutable => "clusterip-immutable", Apply, "error", "apply / service", "`spec.clusterIP(s)` may not change once set (and the primary clusterIP can not be unset).";
    HealthCheckNodeportImmutable => "health-check-nodeport-immutable", Apply, "error", "apply / service", "`spec.healthCheckNodePort` may not change on update.";
    IpFamilyImmutable => "ip-family-immutable", Apply, "error", "apply / service", "The primary `ipFamilies[0]` may not change (or be unset) on update.";
    LbClassImmutable => "lb-class-immutable", Apply, "error", "apply / service", "`spec.loadBalancerClass` may not change once set.";
    PodSpecImmutable => "pod-spec-immutable", Apply, "error", "apply", "A Pod's spec may not be changed by an update (only a few fields such as the image).";
    ReleaseRequiresSingleStack => "release-requires-single-stack", Apply, "error", "apply / service", "Dropping the secondary clusterIP of a dual-stack Service requires `ipFamilyPolicy: SingleStack`.";
    SelectorImmutable => "selector-immutable", Apply, "error", "apply / workloads", "A workload's `spec.selector` is immutable in apps/v1.";
    StatefulsetSpecImmutable => "statefulset-spec-immutable", Apply, "error", "apply", "A StatefulSet update changes an immutable field: `selector` or `serviceName` (reported per field, as Kubernetes 1.37 does; up to 1.36 one Forbidden error at `spec`).";
    UpdateRefused => "update-refused", Apply, "info", "apply", "The update in this document is refused; the object keeps the earlier document's settings until the errors are fixed.";
    UpdatesEarlier => "updates-earlier", Apply, "info", "apply", "A later document with the same kind/namespace/name updates the earlier one (`kubectl apply` semantics).";
    // Service
    AllocateLbNodeportsNotAllowed => "allocate-lb-nodeports-not-allowed", Service, "error", "service", "`allocateLoadBalancerNodePorts` outside a LoadBalancer Service.";
    AnnotationsTooLong => "annotations-too-long", Service, "error", "service", "All annotations together exceed 256 KiB.";
    ClusterIpFamilyMismatch => "cluster-ip-family-mismatch", Service, "error", "service", "A clusterIP does not match the family named in `ipFamilies` at the same index.";
    ClusterIpsSameFamily => "cluster-ips-same-family", Service, "error", "service", "Two clusterIPs of the same IP family.";
    ClusteripNoneNotAlone => "clusterip-none-not-alone", Service, "error", "service", "`None` must be the first and only clusterIPs value.";
    ClusteripNotAllowed => "clusterip-not-allowed", Service, "error", "service", "clusterIP(s) set on an ExternalName Service.";
    ClusteripOutOfRange => "clusterip-out-of-range", Service, "error", "service", "The requested clusterIP of a new Service is outside the cluster's Service CIDR (stated, inferred, or the default 10.96.0.0/12).";
    ClusteripRangeFull => "clusterip-range-full", Service, "error", "service", "No free address is left in the Service CIDR.";
    ClusteripTaken => "clusterip-taken", Service, "error", "service", "The requested clusterIP already belongs to another Service (the range's first address is `default/kubernetes`', its tenth `kube-system/kube-dns`').";
    ClusteripsMismatch => "clusterips-mismatch", Service, "error", "service", "`clusterIP` and `clusterIPs[0]` disagree.";
    DeprecatedAnnotation => "deprecated-annotation", Service, "warning", "service", "A deprecated annotation (e.g. `service.kubernetes.io/topology-aware-hints`): kubectl prints a warning, the value may be ignored.";
    DualStackNotConfigured => "dual-stack-not-configured", Service, "error", "service", "`RequireDualStack` on a cluster whose stated Service CIDR is single-stack.";
    DuplicateIpFamily => "duplicate-ip-family", Service, "error", "service", "The same family twice in `ipFamilies`.";
    DuplicateNodeport => "duplicate-nodeport", Service, "error", "service", "The same nodePort (and protocol) twice in one Service.";
    DuplicatePort => "duplicate-port", Service, "error", "service", "Two ports share port number and protocol.";
    DuplicatePortName => "duplicate-port-name", Service, "error", "service", "Two ports share a name.";
    ExternalNameRequired => "external-name-required", Service, "error", "service", "An ExternalName Service without `externalName`.";
    ExternalTrafficPolicyNotAllowed => "external-traffic-policy-not-allowed", Service, "error", "service", "`externalTrafficPolicy` on a Service that is not externally reachable (ClusterIP without externalIPs).";
    HeadlessNotAllowed => "headless-not-allowed", Service, "error", "service", "`clusterIP: None` for NodePort/LoadBalancer Services.";
    HealthCheckNodeportAllocationFailed => "health-check-nodeport-allocation-failed", Service, "error", "service", "The requested (or any) healthCheckNodePort cannot be allocated.";
    HealthCheckNodeportNotAllowed => "health-check-nodeport-not-allowed", Service, "error", "service", "`healthCheckNodePort` only exists for LoadBalancer Services with `externalTrafficPolicy: Local`.";
    IgnoredField => "ignored-field", Service, "warning", "service", "A field that is accepted but has no effect for this Service (kubectl warns), e.g. `loadBalancerIP` outside LoadBalancer.";
    Int32Overflow => "int32-overflow", Service, "error", "service / workloads", "A number does not fit into the int32 field it is decoded into; the API server cannot even decode the object.";
    InvalidAnnotation => "invalid-annotation", Service, "error", "service", "An annotation key is not a qualified name.";
    InvalidAppProtocol => "invalid-app-protocol", Service, "error", "service", "`appProtocol` is not an IANA name or a domain-prefixed name.";
    InvalidClusterIp => "invalid-cluster-ip", Service, "error", "service", "A clusterIP is not a valid IP address (or `None`).";
    InvalidExternalIp => "invalid-external-ip", Service, "error", "service", "An `externalIPs` entry is not a valid, non-special IP address.";
    InvalidExternalName => "invalid-external-name", Service, "error", "service", "`externalName` is not a lowercase DNS-1123 subdomain.";
    InvalidHealthCheckNodeport => "invalid-health-check-nodeport", Service, "error", "service", "`healthCheckNodePort` is missing where required or outside the range.";
    InvalidLabel => "invalid-label", Service, "error", "service", "A label key or value (of any object, or of a workload's pod template) violates the label syntax.";
    InvalidLbClass => "invalid-lb-class", Service, "error", "service", "`loadBalancerClass` is not a domain-prefixed name.";
    InvalidLbStatus => "invalid-lb-status", Service, "error/warning", "service", "A written `status.loadBalancer.ingress` entry is invalid (bad IP, `ipMode` without `ip`, unknown ipMode).";
    InvalidName => "invalid-name", Service, "error", "service", "`metadata.name` / `generateName` is not a valid name for the kind (a Service or StatefulSet name must be a DNS-1123 label, as from Kubernetes 1.36; any other name a DNS subdomain).";
    InvalidNamespace => "invalid-namespace", Service, "error", "service", "`metadata.namespace` is not a valid DNS-1123 label.";
    InvalidPort => "invalid-port", Service, "error", "service", "`port` is missing or outside 1-65535.";
    InvalidPortName => "invalid-port-name", Service, "error", "service", "A port name is not a valid IANA_SVC_NAME (≤15 lowercase letters, digits, `-`, at least one letter).";
    InvalidSelector => "invalid-selector", Service, "error", "service", "A selector key or value violates the label syntax.";
    InvalidSessionAffinityTimeout => "invalid-session-affinity-timeout", Service, "error", "service", "`sessionAffinityConfig.clientIP.timeoutSeconds` outside 1-86400.";
    InvalidSourceRange => "invalid-source-range", Service, "error", "service", "A `loadBalancerSourceRanges` entry (or the annotation) is not a CIDR.";
    InvalidTargetPort => "invalid-target-port", Service, "error", "service", "`targetPort` is outside 1-65535 or not a valid port name (a quoted number such as `\"8080\"` is a name and invalid).";
    IpFamiliesNotAllowed => "ip-families-not-allowed", Service, "error", "service", "`ipFamilies` set on an ExternalName Service.";
    IpFamilyNotConfigured => "ip-family-not-configured", Service, "error", "service", "An IP family the cluster's stated Service CIDRs do not include.";
    IpFamilyPolicyNotAllowed => "ip-family-policy-not-allowed", Service, "error", "service", "`ipFamilyPolicy` set on an ExternalName Service.";
    IpFamilyPolicySingleStack => "ip-family-policy-single-stack", Service, "error", "service", "Several clusterIPs or families with `ipFamilyPolicy: SingleStack`.";
    LbClassNotAllowed => "lb-class-not-allowed", Service, "error", "service", "`loadBalancerClass` outside a LoadBalancer Service.";
    LbStatusIgnored => "lb-status-ignored", Service, "error/info", "service", "A `status.loadBalancer` on a Service that is not of type LoadBalancer is ignored.";
    NodeportAllocationFailed => "nodeport-allocation-failed", Service, "error", "service", "No free nodePort is left in the range.";
    NodeportNotAllowed => "nodeport-not-allowed", Service, "error", "service", "`nodePort` on a ClusterIP Service (only NodePort/LoadBalancer allocate node ports).";
    NodeportOutOfRange => "nodeport-out-of-range", Service, "error", "service", "The requested nodePort is outside the cluster's range (default 30000-32767; the allocator refuses it, validation errors are then not reported).";
    NodeportTaken => "nodeport-taken", Service, "error", "service", "The requested nodePort is already allocated to an earlier Service.";
    PortNameRequired => "port-name-required", Service, "error", "service", "When a Service has several ports, every port needs a `name`.";
    PortsRequired => "ports-required", Service, "error", "service", "A Service other than headless or ExternalName must have at least one port.";
    SourceRangesNotAllowed => "source-ranges-not-allowed", Service, "error", "service", "`loadBalancerSourceRanges` outside a LoadBalancer Service.";
    TooManyClusterIps => "too-many-cluster-ips", Service, "error", "service", "More than two clusterIPs.";
    TooManyPorts => "too-many-ports", Service, "error", "service", "More ports than a Service / EndpointSlice may hold.";
    TopologyAnnotationMismatch => "topology-annotation-mismatch", Service, "error", "service", "`service.kubernetes.io/topology-mode` and the older `topology-aware-hints` annotation disagree.";
    UnsupportedExternalTrafficPolicy => "unsupported-external-traffic-policy", Service, "error", "service", "`externalTrafficPolicy` missing where required, or not Cluster/Local.";
    UnsupportedInternalTrafficPolicy => "unsupported-internal-traffic-policy", Service, "error", "service", "`internalTrafficPolicy` not Cluster/Local.";
    UnsupportedIpFamily => "unsupported-ip-family", Service, "error", "service", "An `ipFamilies` entry other than IPv4/IPv6.";
    UnsupportedIpFamilyPolicy => "unsupported-ip-family-policy", Service, "error", "service", "`ipFamilyPolicy` other than SingleStack, PreferDualStack, RequireDualStack.";
    UnsupportedProtocol => "unsupported-protocol", Service, "error", "service", "`protocol` is not TCP, UDP or SCTP.";
    UnsupportedServiceType => "unsupported-service-type", Service, "error", "service", "`type` other than ClusterIP, NodePort, LoadBalancer, ExternalName.";
    UnsupportedSessionAffinity => "unsupported-session-affinity", Service, "error", "service", "`sessionAffinity` other than None or ClientIP.";
    UnsupportedTrafficDistribution => "unsupported-traffic-distribution", Service, "error", "service", "`trafficDistribution` not one of the supported values.";
    // EndpointsValidation
    AddressTypeRequired => "address-type-required", EndpointsValidation, "error", "service (EndpointSlice)", "An EndpointSlice without `addressType`.";
    DuplicateEndpointPortName => "duplicate-endpoint-port-name", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "Two endpoint ports share a name.";
    DuplicateZoneHint => "duplicate-zone-hint", EndpointsValidation, "error", "service (EndpointSlice)", "The same zone twice in `hints.forZones`.";
    EndpointAddressesRequired => "endpoint-addresses-required", EndpointsValidation, "error", "service (EndpointSlice)", "An endpoint without addresses.";
    EndpointPortNameRequired => "endpoint-port-name-required", EndpointsValidation, "error", "service (Endpoints)", "With several ports in a subset, each needs a name.";
    EndpointsSubsetEmpty => "endpoints-subset-empty", EndpointsValidation, "error", "service (Endpoints)", "An Endpoints subset without `addresses` or `notReadyAddresses`.";
    InvalidEndpointHostname => "invalid-endpoint-hostname", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "An endpoint `hostname` is not a DNS-1123 label.";
    InvalidEndpointIp => "invalid-endpoint-ip", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "An endpoint address is not a valid (non-special) IP of the slice's address type.";
    InvalidEndpointNodeName => "invalid-endpoint-node-name", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "An endpoint `nodeName` is not a valid node name.";
    InvalidEndpointPort => "invalid-endpoint-port", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "An endpoint port number is outside 1-65535.";
    InvalidEndpointPortName => "invalid-endpoint-port-name", EndpointsValidation, "error", "service (Endpoints/EndpointSlice)", "An endpoint port name is not a valid port name.";
    InvalidZoneHint => "invalid-zone-hint", EndpointsValidation, "error", "service (EndpointSlice)", "A `hints.forZones` entry is not a valid zone name.";
    TooManyAddresses => "too-many-addresses", EndpointsValidation, "error", "service (EndpointSlice)", "An endpoint with more than 100 addresses.";
    TooManyEndpoints => "too-many-endpoints", EndpointsValidation, "error", "service (EndpointSlice)", "More than 1000 endpoints in one slice.";
    TooManyZoneHints => "too-many-zone-hints", EndpointsValidation, "error", "service (EndpointSlice)", "More than 8 zone hints.";
    UnsupportedAddressType => "unsupported-address-type", EndpointsValidation, "error", "service (EndpointSlice)", "`addressType` not IPv4, IPv6 or FQDN.";
    // Workloads
    ClusterSettingInferred => "cluster-setting-inferred", Workloads, "info", "settings", "A cluster setting (Service or pod CIDR, nodes, version) is inferred from the input's objects; the message says from what and how to state it.";
    ClusterSettingsConflict => "cluster-settings-conflict", Workloads, "warning", "settings", "Two configuration documents state one cluster setting with different values; the first is used.";
    InvalidClusterSetting => "invalid-cluster-setting", Workloads, "error", "settings", "A kubeadm, kube-proxy or kubelet configuration states a malformed value (a CIDR, port range, domain or version); it is ignored.";
    LiveOutsideStatedRange => "live-outside-stated-range", Service, "warning", "service", "An object read from a cluster (it has a uid, resourceVersion or creationTimestamp) holds a clusterIP or nodePort outside the stated ranges; it is kept as stored.";
    InvalidReplicas => "invalid-replicas", Workloads, "error", "workloads", "`replicas` is negative.";
    PodsPending => "pods-pending", Workloads, "warning", "workloads", "Some pods of a workload cannot be scheduled (no Ready node, nodes full); Pending pods have no IP and are never endpoints.";
    SelectorTemplateMismatch => "selector-template-mismatch", Workloads, "error", "workloads", "The workload's selector does not match its own pod template labels.";
    SimulatedPodsCapped => "simulated-pods-capped", Workloads, "warning", "workloads", "More pods than the playground simulates (5000 in all): only some are shown.";
    TemplateContainers => "template-containers", Workloads, "error", "workloads", "A workload's pod template has no container, or a container without an `image`.";
    WorkloadSelector => "workload-selector", Workloads, "error", "workloads", "A workload's `spec.selector` is missing, empty or invalid (apps/v1 does not derive it from the template).";
    // Checks
    EndpointsSkipMirror => "endpoints-skip-mirror", Checks, "info", "checks", "";
    EndpointsTruncated => "endpoints-truncated", Checks, "warning", "checks", "";
    ManualEndpointsOverwritten => "manual-endpoints-overwritten", Checks, "warning", "checks", "";
    PodOnUnknownNode => "pod-on-unknown-node", Checks, "warning", "checks", "";
    SliceManagedByController => "slice-managed-by-controller", Checks, "warning", "checks", "";
    SliceMissingServiceName => "slice-missing-service-name", Checks, "warning", "checks", "";
    SliceUnknownService => "slice-unknown-service", Checks, "warning", "checks", "";
    ExternalIpIsNodeIp => "external-ip-is-node-ip", Checks, "warning", "checks", "";
    InternalLocalDrops => "internal-local-drops", Checks, "warning", "checks", "";
    LoadBalancerPending => "load-balancer-pending", Checks, "info", "checks", "";
    LocalPolicyDropsOnNodes => "local-policy-drops-on-nodes", Checks, "warning", "checks", "";
    NoReadyEndpointsExternal => "no-ready-endpoints-external", Checks, "warning", "checks", "";
    SessionAffinitySingleEndpoint => "session-affinity-single-endpoint", Checks, "info", "checks", "";
    SelectsNoPods => "selects-no-pods", Checks, "warning", "checks", "";
    SelectsSeveralWorkloads => "selects-several-workloads", Checks, "warning", "checks", "";
    TargetPortNotExposed => "target-port-not-exposed", Checks, "warning", "checks", "";
    NoReadyPods => "no-ready-pods", Checks, "warning", "checks", "";
    ExternalNameIsIp => "external-name-is-ip", Checks, "warning", "checks", "";
    EndpointsUnknownService => "endpoints-unknown-service", Checks, "warning", "checks", "";
    PodsInOtherNamespace => "pods-in-other-namespace", Checks, "info", "checks", "";
}
