//! `ValidateEndpoints` and discovery `ValidateEndpointSlice`: Endpoints and EndpointSlices
//! written by the user.

use crate::api::{EndpointSlice, Endpoints};
use crate::diag::{Code, FieldError};
use crate::endpoints::BTreeSet;
use crate::names;
use crate::util::json;
use crate::validation::{
    is_int32, protocol_error, unsupported_value, valid_port_num, validate_dns1123_label, validate_meta, NameRule,
    PORT_RANGE_MSG,
};
pub(crate) fn endpoint_ip_errors(path: &str, ip: &str) -> Vec<FieldError> {
    let help =
        "an endpoint address is a pod's IP (or another routable IP): not a host name, loopback, link-local or 0.0.0.0";
    let mut errs: Vec<FieldError> = names::is_valid_ip(ip)
        .into_iter()
        .map(|m| FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(ip), &m).help(help))
        .collect();
    errs.extend(
        names::validate_non_special_ip(ip)
            .into_iter()
            .map(|m| FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(ip), &m).help(help)),
    );
    errs
}

pub(crate) fn node_name_errors(path: &str, n: &str) -> Vec<FieldError> {
    names::is_dns1123_subdomain(n)
        .into_iter()
        .map(|m| {
            FieldError::invalid(Code::InvalidEndpointNodeName, path, &json::quote(n), &m)
                .help("`nodeName` is the name of a Node, e.g. `node-a`")
        })
        .collect()
}

/// `ValidateEndpoints` for a user-written Endpoints object.
pub(crate) fn validate_endpoints(ep: &Endpoints, _old: Option<&Endpoints>) -> Vec<FieldError> {
    let mut errs = validate_meta(&ep.metadata, NameRule::Dns1123Subdomain);
    for (i, ss) in ep.subsets.iter().enumerate() {
        if let Some((j, p)) = ss.ports.iter().enumerate().find(|(_, p)| !is_int32(p.port)) {
            return vec![FieldError::raw(
                Code::Int32Overflow,
                "",
                format!(
                    "Endpoints in version \"v1\" cannot be handled as a Endpoints: json: cannot unmarshal number {} into Go struct field EndpointPort.subsets.ports.port of type int32",
                    p.port
                ),
            )
            .at(format!("subsets[{i}].ports[{j}].port"))
            .help("this number is far too large; ports are 1-65535")];
        }
    }
    for (i, ss) in ep.subsets.iter().enumerate() {
        let base = format!("subsets[{i}]");
        if ss.addresses.is_empty() && ss.not_ready_addresses.is_empty() {
            errs.push(
                FieldError::required(
                    Code::EndpointsSubsetEmpty,
                    &base,
                    "must specify `addresses` or `notReadyAddresses`",
                )
                .help("list the endpoint IPs under `addresses:` (or `notReadyAddresses:`)"),
            );
        }
        let groups = [("addresses", &ss.addresses), ("notReadyAddresses", &ss.not_ready_addresses)];
        for (field, list) in groups {
            for (j, addr) in list.iter().enumerate() {
                let apath = format!("{base}.{field}[{j}]");
                let ip_errs = endpoint_ip_errors(&format!("{apath}.ip"), &addr.ip);
                let (syntax, special): (Vec<_>, Vec<_>) =
                    ip_errs.into_iter().partition(|e| e.message.contains(", (e.g."));
                errs.extend(syntax);
                if let Some(h) = addr.hostname.as_deref().filter(|h| !h.is_empty()) {
                    errs.extend(validate_dns1123_label(
                        Code::InvalidEndpointHostname,
                        &format!("{apath}.hostname"),
                        h,
                        "a hostname is one lowercase DNS label, e.g. `web-0`",
                    ));
                }
                if let Some(n) = &addr.node_name {
                    errs.extend(node_name_errors(&format!("{apath}.nodeName"), n));
                }
                errs.extend(special);
            }
        }
        let multi = ss.ports.len() > 1;
        for (j, p) in ss.ports.iter().enumerate() {
            let ppath = format!("{base}.ports[{j}]");
            let name = p.name.as_deref().unwrap_or("");
            if multi && name.is_empty() {
                errs.push(
                    FieldError::required(Code::EndpointPortNameRequired, &format!("{ppath}.name"), "")
                        .near(ppath.clone())
                        .help("with several ports each needs a name, the same as the Service port's name"),
                );
            } else if !name.is_empty() {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointPortName,
                    &format!("{ppath}.name"),
                    name,
                    "a port name is lowercase letters, digits and '-', and must equal the Service port's name",
                ));
            }
            if !valid_port_num(p.port) {
                errs.push(
                    FieldError::invalid(
                        Code::InvalidEndpointPort,
                        &format!("{ppath}.port"),
                        &p.port.to_string(),
                        PORT_RANGE_MSG,
                    )
                    .near(ppath.clone())
                    .help("the port the endpoints listen on, 1-65535"),
                );
            }
            errs.extend(protocol_error(&format!("{ppath}.protocol"), &p.protocol));
        }
    }
    errs
}

/// discovery `ValidateEndpointSlice` (+ `addressType` immutability on update).
pub(crate) fn validate_endpoint_slice(s: &EndpointSlice, old: Option<&EndpointSlice>) -> Vec<FieldError> {
    let mut errs = validate_meta(&s.metadata, NameRule::Dns1123Subdomain);
    const TYPES: &[&str] = &["FQDN", "IPv4", "IPv6"];
    let at = s.address_type.as_str();
    if at.is_empty() {
        errs.push(
            FieldError::required(Code::AddressTypeRequired, "addressType", "")
                .help("add `addressType: IPv4` (or IPv6, FQDN)"),
        );
    } else if !TYPES.contains(&at) {
        errs.push(unsupported_value(Code::UnsupportedAddressType, "addressType", at, TYPES, "use IPv4, IPv6 or FQDN"));
    }
    if s.endpoints.len() > 1000 {
        errs.push(
            FieldError::too_many(Code::TooManyEndpoints, "endpoints", s.endpoints.len(), 1000)
                .help("split the endpoints over several slices"),
        );
    } else {
        for (i, ep) in s.endpoints.iter().enumerate() {
            let base = format!("endpoints[{i}]");
            let apath = format!("{base}.addresses");
            if ep.addresses.is_empty() {
                errs.push(
                    FieldError::required(Code::EndpointAddressesRequired, &apath, "must contain at least 1 address")
                        .near(base.clone())
                        .help("list the endpoint's IP under `addresses:`"),
                );
            } else if ep.addresses.len() > 100 {
                errs.push(
                    FieldError::too_many(Code::TooManyAddresses, &apath, ep.addresses.len(), 100)
                        .help("an endpoint has at most 100 addresses; use one endpoint per pod"),
                );
            }
            for (j, addr) in ep.addresses.iter().enumerate() {
                let p = format!("{apath}[{j}]");
                match at {
                    "IPv4" | "IPv6" => {
                        // An IP first (at the address), then of the slice's family (at the list,
                        // without the index, as upstream reports it), then not a special range.
                        let syntax = names::is_valid_ip(addr);
                        if !syntax.is_empty() {
                            errs.extend(syntax.into_iter().map(|m| {
                                FieldError::invalid(Code::InvalidEndpointIp, &p, &json::quote(addr), &m).help(format!(
                                    "write the endpoint's {at} address as a plain IP, without leading zeros"
                                ))
                            }));
                            continue;
                        }
                        let ok = if at == "IPv4" { names::is_ipv4(addr) } else { names::is_ipv6(addr) };
                        if !ok {
                            errs.push(
                                FieldError::invalid(
                                    Code::InvalidEndpointIp,
                                    &apath,
                                    &json::quote(addr),
                                    &format!("must be an {at} address"),
                                )
                                .point(p.clone())
                                .help(format!(
                                    "an `addressType: {at}` slice lists {at} addresses only; put the other family in a slice of its own"
                                )),
                            );
                        }
                        errs.extend(names::validate_non_special_ip(addr).into_iter().map(|m| {
                            FieldError::invalid(Code::InvalidEndpointIp, &p, &json::quote(addr), &m)
                                .help("use a routable pod IP: not loopback, link-local or 0.0.0.0")
                        }));
                    }
                    "FQDN" => errs.extend(fqdn_errors(&p, addr)),
                    _ => {}
                }
            }
            if let Some(n) = &ep.node_name {
                errs.extend(node_name_errors(&format!("{base}.nodeName"), n));
            }
            if let Some(h) = &ep.hostname {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointHostname,
                    &format!("{base}.hostname"),
                    h,
                    "a hostname is one lowercase DNS label, e.g. `web-0`",
                ));
            }
            if let Some(h) = &ep.hints {
                let fz = format!("{base}.hints.forZones");
                if h.for_zones.len() > 8 {
                    errs.push(
                        FieldError::too_many(Code::TooManyZoneHints, &fz, h.for_zones.len(), 8)
                            .help("list at most 8 zones"),
                    );
                } else {
                    let mut seen = BTreeSet::new();
                    for (k, z) in h.for_zones.iter().enumerate() {
                        let zp = format!("{fz}[{k}].name");
                        if !seen.insert(z.as_str()) {
                            errs.push(
                                FieldError::duplicate(Code::DuplicateZoneHint, &zp, &json::quote(z))
                                    .help("list each zone once"),
                            );
                        }
                        for m in names::is_valid_label_value(z) {
                            errs.push(
                                FieldError::invalid(Code::InvalidZoneHint, &zp, &json::quote(z), &m)
                                    .help("a zone name is a label value, e.g. `zone-a`"),
                            );
                        }
                    }
                }
            }
        }
    }
    if s.ports.len() > 20000 {
        errs.push(
            FieldError::too_many(Code::TooManyPorts, "ports", s.ports.len(), 20000)
                .help("split the ports over several slices"),
        );
    } else {
        let mut seen = BTreeSet::new();
        for (i, p) in s.ports.iter().enumerate() {
            let base = format!("ports[{i}]");
            let name = p.name.as_deref().unwrap_or("");
            if !name.is_empty() {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointPortName,
                    &format!("{base}.name"),
                    name,
                    "a port name is lowercase letters, digits and '-', and must equal the Service port's name",
                ));
            }
            if !seen.insert(name) {
                errs.push(
                    FieldError::duplicate(Code::DuplicateEndpointPortName, &format!("{base}.name"), &json::quote(name))
                        .near(base.clone())
                        .help("give each port a different name (an omitted name counts as \"\")"),
                );
            }
            errs.extend(protocol_error(&format!("{base}.protocol"), &p.protocol));
        }
    }
    if let Some(old) = old {
        if old.address_type != s.address_type {
            errs.push(
                FieldError::invalid(Code::AddressTypeImmutable, "addressType", &json::quote(at), "field is immutable")
                    .help(format!(
                        "an EndpointSlice keeps its addressType ({}); create a slice with another name instead",
                        old.address_type
                    )),
            );
        }
    }
    errs
}

/// `IsFullyQualifiedDomainName`.
pub(crate) fn fqdn_errors(path: &str, name: &str) -> Vec<FieldError> {
    let help = "an FQDN address is a DNS name with at least two labels, e.g. `db.example.com`";
    if name.is_empty() {
        return vec![FieldError::required(Code::InvalidEndpointIp, path, "").help(help)];
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let errs = names::is_dns1123_subdomain(name);
    if !errs.is_empty() {
        return vec![FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(name), &errs.join(",")).help(help)];
    }
    if name.split('.').count() < 2 {
        return vec![FieldError::invalid(
            Code::InvalidEndpointIp,
            path,
            &json::quote(name),
            "should be a domain with at least two segments separated by dots",
        )
        .help(help)];
    }
    for label in name.split('.') {
        let errs = names::is_dns1123_label(label);
        if !errs.is_empty() {
            return vec![
                FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(label), &errs.join(",")).help(help)
            ];
        }
    }
    Vec::new()
}
