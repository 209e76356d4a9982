//! The Endpoints and EndpointSlices of a Service: what `kubectl get endpoints,endpointslices -o
//! wide` prints, and the rows of each object in detail (conditions resolved as consumers read
//! them).

use crate::api::{
    wellknown, EndpointAddress, EndpointConditions, EndpointPort, EndpointSlice, EndpointSubset, Endpoints,
    SliceEndpoint,
};
use crate::model::{ServiceSlice, ServiceType};
use crate::util::ip;
use crate::{Analysis, ServiceView};

/// Why a Service has no endpoints to show at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoEndpoints {
    /// ExternalName: DNS answers a CNAME; no endpoints, no proxy.
    ExternalName,
    /// No selector and no user Endpoints or EndpointSlice: nothing writes any.
    NoSelector,
}

/// Why the Service `v` has no endpoints to show (None: it has some, or a controller writes them).
pub fn no_endpoints(a: &Analysis, v: &ServiceView) -> Option<NoEndpoints> {
    let svc = a.objects.get(v.object).and_then(|o| o.service());
    let e = &v.endpoints;
    if svc.is_some_and(|s| s.spec.type_ == ServiceType::ExternalName) {
        Some(NoEndpoints::ExternalName)
    } else if !svc.is_some_and(|s| s.has_selector()) && e.endpoints.is_none() && e.slices.is_empty() {
        Some(NoEndpoints::NoSelector)
    } else {
        None
    }
}

/// `kubectl get endpoints,endpointslices -n NAMESPACE -o wide`.
pub fn kubectl_command(v: &ServiceView) -> String {
    format!("kubectl get endpoints,endpointslices -n {} -o wide", v.namespace)
}

/// What [`kubectl_command`] prints for the Service `v`: its Endpoints, then its EndpointSlices
/// (kubectl shows the first 3 addresses and "+ N more...").
pub fn kubectl_text(v: &ServiceView) -> String {
    let e = &v.endpoints;
    kubectl_rows(&v.name, e.endpoints.as_ref(), &e.slices)
}

fn first3(items: Vec<String>) -> String {
    if items.is_empty() {
        return "<none>".into();
    }
    let more = items.len().saturating_sub(3);
    let mut s = items.into_iter().take(3).collect::<Vec<_>>().join(",");
    if more > 0 {
        s.push_str(&format!(" + {more} more..."));
    }
    s
}

fn kubectl_rows(name: &str, ep: Option<&Endpoints>, slices: &[ServiceSlice]) -> String {
    let mut out = String::new();
    if let Some(ep) = ep {
        let mut addrs = Vec::new();
        for ss in &ep.subsets {
            for ad in &ss.addresses {
                if ss.ports.is_empty() {
                    addrs.push(ad.ip.clone());
                }
                for p in &ss.ports {
                    addrs.push(ip::host_port(&ad.ip, p.port));
                }
            }
        }
        let row = format!("endpoints/{name}");
        let w = row.len().max(4) + 3;
        out.push_str(&format!("{:w$}{}\n", "NAME", "ENDPOINTS"));
        out.push_str(&format!("{:w$}{}\n", row, first3(addrs)));
    }
    let rows: Vec<[String; 4]> = slices
        .iter()
        .map(|s| {
            let sl = &s.slice;
            let ports = if sl.ports.is_empty() {
                "<unset>".into()
            } else {
                sl.ports.iter().map(|p| p.port.to_string()).collect::<Vec<_>>().join(",")
            };
            let addrs = sl.endpoints.iter().flat_map(|e| e.addresses.iter().cloned()).collect();
            [
                format!("endpointslice.discovery.k8s.io/{}", sl.metadata.name),
                sl.address_type.clone(),
                ports,
                first3(addrs),
            ]
        })
        .collect();
    if !rows.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0).max(4) + 3;
        let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0).max(11) + 3;
        let w2 = rows.iter().map(|r| r[2].len()).max().unwrap_or(0).max(5) + 3;
        out.push_str(&format!("{:w0$}{:w1$}{:w2$}{}\n", "NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS"));
        for r in &rows {
            out.push_str(&format!("{:w0$}{:w1$}{:w2$}{}\n", r[0], r[1], r[2], r[3]));
        }
    }
    if out.is_empty() {
        out.push_str("No resources found.\n");
    }
    out.trim_end().to_string()
}

/// The most rows any one table of the Service `v` has (v1 Endpoints addresses, or one slice's
/// endpoints).
pub fn row_count(v: &ServiceView) -> usize {
    let e = &v.endpoints;
    e.endpoints
        .as_ref()
        .map_or(0, |ep| ep.subsets.iter().map(|s| s.addresses.len() + s.not_ready_addresses.len()).sum())
        .max(e.slices.iter().map(|s| s.slice.endpoints.len()).max().unwrap_or(0))
}

/// The endpoints controller truncated the Endpoints object (annotation
/// `endpoints.kubernetes.io/over-capacity`).
pub fn over_capacity(ep: &Endpoints) -> bool {
    ep.metadata.annotations.contains_key(wellknown::ANNOTATION_OVER_CAPACITY)
}

/// A port of an Endpoints subset or an EndpointSlice: `http: 80/TCP`, or `80/TCP` unnamed.
pub fn port_text(p: &EndpointPort) -> String {
    match p.name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) => format!("{n}: {}/{}", p.port, p.protocol),
        None => format!("{}/{}", p.port, p.protocol),
    }
}

/// One address of an Endpoints subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressRow<'a> {
    pub ip: &'a str,
    /// In `addresses` (true) or `notReadyAddresses`.
    pub ready: bool,
    pub node: Option<&'a str>,
    pub hostname: Option<&'a str>,
    /// `Kind/name` of the target reference.
    pub target: Option<String>,
}

/// The addresses of a subset: `addresses`, then `notReadyAddresses`.
pub fn subset_rows(ss: &EndpointSubset) -> impl Iterator<Item = AddressRow<'_>> {
    let ready = ss.addresses.iter().map(|a| address_row(a, true));
    ready.chain(ss.not_ready_addresses.iter().map(|a| address_row(a, false)))
}

fn address_row(ad: &EndpointAddress, ready: bool) -> AddressRow<'_> {
    AddressRow {
        ip: &ad.ip,
        ready,
        node: ad.node_name.as_deref(),
        hostname: ad.hostname.as_deref(),
        target: ad.target_ref.as_ref().map(|r| format!("{}/{}", r.kind, r.name)),
    }
}

/// The number of rows of a subset.
pub fn subset_len(ss: &EndpointSubset) -> usize {
    ss.addresses.len() + ss.not_ready_addresses.len()
}

/// One condition of a slice endpoint, as consumers read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// `ready`, `serving` or `terminating`.
    pub name: &'static str,
    /// The value as read (unset: ready and serving true, terminating false).
    pub value: bool,
    /// The value as written.
    pub written: Option<bool>,
    /// The value is the healthy one (ready, serving, not terminating).
    pub healthy: bool,
}

impl Condition {
    fn new(name: &'static str, written: Option<bool>, value: bool, healthy_value: bool) -> Self {
        Condition { name, value, written, healthy: value == healthy_value }
    }

    /// `ready`, or `not ready`.
    pub fn text(&self) -> String {
        if self.value {
            self.name.to_string()
        } else {
            format!("not {}", self.name)
        }
    }

    /// `ready: false`, or `ready: not set (read as true)`.
    pub fn title(&self) -> String {
        match self.written {
            None => format!("{}: not set (read as {})", self.name, self.value),
            Some(v) => format!("{}: {v}", self.name),
        }
    }
}

/// The conditions shown for a slice endpoint: ready and serving, and terminating when it is.
pub fn conditions(c: &EndpointConditions) -> Vec<Condition> {
    let mut out = vec![
        Condition::new("ready", c.ready, c.is_ready(), true),
        Condition::new("serving", c.serving, c.is_serving(), true),
    ];
    if c.is_terminating() {
        out.push(Condition::new("terminating", c.terminating, true, false));
    }
    out
}

/// One endpoint of an EndpointSlice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceRow<'a> {
    pub addresses: &'a [String],
    pub conditions: Vec<Condition>,
    pub node: Option<&'a str>,
    pub zone: Option<&'a str>,
    /// `zone zone-a, node node-a` (None: no hints).
    pub hints: Option<String>,
    /// `Kind/name` of the target reference, else the hostname.
    pub target: Option<String>,
}

fn slice_row(e: &SliceEndpoint) -> SliceRow<'_> {
    let hints = e.hints.as_ref().map(|h| {
        let mut parts: Vec<String> = h.for_zones.iter().map(|z| format!("zone {z}")).collect();
        parts.extend(h.for_nodes.iter().map(|n| format!("node {n}")));
        parts.join(", ")
    });
    SliceRow {
        addresses: &e.addresses,
        conditions: conditions(&e.conditions),
        node: e.node_name.as_deref(),
        zone: e.zone.as_deref(),
        hints: hints.filter(|h| !h.is_empty()),
        target: e.target_ref.as_ref().map(|r| format!("{}/{}", r.kind, r.name)).or_else(|| e.hostname.clone()),
    }
}

/// The endpoints of a slice.
pub fn slice_rows(sl: &EndpointSlice) -> impl Iterator<Item = SliceRow<'_>> {
    sl.endpoints.iter().map(slice_row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, EXTERNALNAME, MY_SERVICE, WITHOUT_SELECTOR};

    #[test]
    fn kubectl_prints_endpoints_then_slices() {
        let a = analysis(MY_SERVICE);
        let v = &a.services[0];
        assert_eq!(kubectl_command(v), "kubectl get endpoints,endpointslices -n default -o wide");
        let text = kubectl_text(v);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "NAME                   ENDPOINTS");
        assert_eq!(lines[1], "endpoints/my-service   10.244.1.11:9376,10.244.2.12:9376");
        assert_eq!(lines[2], "");
        assert!(lines[3].starts_with("NAME") && lines[3].contains("ADDRESSTYPE   PORTS   ENDPOINTS"), "{text}");
        assert!(lines[4].starts_with("endpointslice.discovery.k8s.io/my-service-"), "{text}");
        assert!(lines[4].ends_with("IPv4          9376    10.244.1.11,10.244.2.12"), "{text}");
        assert_eq!(row_count(v), 2);
        assert_eq!(no_endpoints(&a, v), None);
    }

    #[test]
    fn more_than_three_addresses() {
        assert_eq!(first3(vec![]), "<none>");
        assert_eq!(first3((1..=5).map(|i| i.to_string()).collect()), "1,2,3 + 2 more...");
    }

    #[test]
    fn why_none() {
        let a = analysis(EXTERNALNAME);
        assert_eq!(no_endpoints(&a, &a.services[0]), Some(NoEndpoints::ExternalName));
        let text = WITHOUT_SELECTOR.split("\n---").next().unwrap();
        let a = analysis(text);
        assert_eq!(no_endpoints(&a, &a.services[0]), Some(NoEndpoints::NoSelector));
        assert_eq!(kubectl_text(&a.services[0]), "No resources found.");
    }

    #[test]
    fn rows_and_conditions() {
        let a = analysis(MY_SERVICE);
        let v = &a.services[0];
        let ep = v.endpoints.endpoints.as_ref().unwrap();
        assert!(!over_capacity(ep));
        let rows: Vec<AddressRow> = ep.subsets.iter().flat_map(subset_rows).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].ip, "10.244.1.11");
        assert!(rows[0].ready);
        assert_eq!(rows[0].node, Some("node-a"));
        assert_eq!(rows[0].target.as_deref(), Some("Pod/myapp-1"));
        assert_eq!(port_text(&ep.subsets[0].ports[0]), "9376/TCP");
        let slice = &v.endpoints.slices[0].slice;
        let r: Vec<SliceRow> = slice_rows(slice).collect();
        assert_eq!(r[0].addresses, ["10.244.1.11"]);
        assert_eq!(r[0].conditions.iter().map(Condition::text).collect::<Vec<_>>(), ["ready", "serving"]);
        assert!(r[0].conditions.iter().all(|c| c.healthy));

        let c = EndpointConditions { ready: Some(false), serving: None, terminating: Some(true) };
        let cs = conditions(&c);
        let seen: Vec<(String, String, bool)> = cs.iter().map(|c| (c.text(), c.title(), c.healthy)).collect();
        assert_eq!(
            seen,
            [
                ("not ready".to_string(), "ready: false".to_string(), false),
                ("serving".into(), "serving: not set (read as true)".into(), true),
                ("terminating".into(), "terminating: true".into(), false),
            ]
        );
    }
}
