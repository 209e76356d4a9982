//! The API's enumerated values, parsed: once the API server has admitted an object, the engine
//! reads these instead of strings (`crate::api` keeps the strings, for the messages that quote
//! an unsupported value).

macro_rules! api_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in the API's documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The value as the API writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value the API writes as `s` (exact, case-sensitive, as the API server
            /// checks it).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

api_enum! {
    /// `spec.type` of a Service.
    ServiceType {
        ClusterIp = "ClusterIP",
        NodePort = "NodePort",
        LoadBalancer = "LoadBalancer",
        ExternalName = "ExternalName",
    }
}

api_enum! {
    /// The protocol of a port.
    Protocol {
        Tcp = "TCP",
        Udp = "UDP",
        Sctp = "SCTP",
    }
}

api_enum! {
    /// `externalTrafficPolicy` / `internalTrafficPolicy`.
    TrafficPolicy {
        /// Endpoints on any node.
        Cluster = "Cluster",
        /// Only endpoints on the node that handles the packet.
        Local = "Local",
    }
}

api_enum! {
    /// An IP family (`spec.ipFamilies`, an EndpointSlice's address type).
    IpFamily {
        IPv4 = "IPv4",
        IPv6 = "IPv6",
    }
}

api_enum! {
    /// `spec.ipFamilyPolicy`.
    IpFamilyPolicy {
        SingleStack = "SingleStack",
        PreferDualStack = "PreferDualStack",
        RequireDualStack = "RequireDualStack",
    }
}

api_enum! {
    /// `spec.sessionAffinity`.
    SessionAffinity {
        None = "None",
        ClientIp = "ClientIP",
    }
}

api_enum! {
    /// `spec.trafficDistribution`.
    TrafficDistribution {
        /// The older name of `PreferSameZone`.
        PreferClose = "PreferClose",
        PreferSameZone = "PreferSameZone",
        PreferSameNode = "PreferSameNode",
    }
}

api_enum! {
    /// `status.loadBalancer.ingress[].ipMode`.
    IpMode {
        /// The load balancer delivers packets with the VIP as destination: kube-proxy captures it.
        Vip = "VIP",
        /// The load balancer proxies to the nodes: no rule for the VIP.
        Proxy = "Proxy",
    }
}

impl Default for ServiceType {
    /// `ClusterIP`, the API's default type.
    fn default() -> Self {
        ServiceType::ClusterIp
    }
}

impl Default for Protocol {
    /// `TCP`, the API's default everywhere a protocol is optional.
    fn default() -> Self {
        Protocol::Tcp
    }
}

impl Protocol {
    /// The protocol a port names, `TCP` when it names none (every API default).
    pub fn or_tcp(s: Option<&str>) -> Protocol {
        s.and_then(Protocol::parse).unwrap_or(Protocol::Tcp)
    }
}

impl IpFamily {
    /// The family of a (valid) address; IPv4-mapped IPv6 counts as IPv4, as Go's `To4` has it.
    pub fn of(ip: &str) -> Option<IpFamily> {
        let a = crate::util::ip::parse(ip)?;
        Some(if crate::util::ip::as_v4(a).is_some() { IpFamily::IPv4 } else { IpFamily::IPv6 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for t in ServiceType::ALL {
            assert_eq!(ServiceType::parse(t.as_str()), Some(*t));
        }
        assert_eq!(ServiceType::parse("clusterip"), None);
        assert_eq!(Protocol::or_tcp(None), Protocol::Tcp);
        assert_eq!(IpFamily::of("fd00::1"), Some(IpFamily::IPv6));
        assert_eq!(serde_json::to_string(&SessionAffinity::ClientIp).unwrap(), "\"ClientIP\"");
    }
}
