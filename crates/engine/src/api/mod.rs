//! The objects as the API writes them: small structs for the fields the engine reads, in the
//! API's JSON shape, so serialising a defaulted object gives what the API server would store.
//! Values are as written (strings where the API has enums): these are the decoded, not yet
//! validated objects. After admission the engine reads [`crate::model`]'s typed values.
//!
//! Decoding ([`decode`]) is lenient: [`crate::schema`] has already reported wrong types, so here a
//! value of the wrong type is simply absent.

mod decode;
mod endpoints;
mod node;
mod pod;
mod service;
pub mod wellknown;
mod workload;

pub use decode::*;
pub use endpoints::*;
pub use node::*;
pub use pod::*;
pub use service::*;
pub use workload::*;

use crate::labels::Labels;
use serde::Serialize;

/// A port number or an IANA port name (`targetPort`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    pub namespace: String,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub annotations: Labels,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<String>,
    /// The object carries `uid`, `resourceVersion` or `creationTimestamp`: it was read from a
    /// cluster, where it is already stored (its allocations are adopted, not made again).
    #[serde(skip)]
    pub live: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObjectReference {
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
}
