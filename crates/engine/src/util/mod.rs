//! Small helpers with no Kubernetes rules in them, used by every layer above: Go-compatible
//! JSON text, stable hashes, IP/CIDR text, generated names.

pub mod generated;
pub mod hash;
pub mod ip;
pub mod json;
pub mod sort;
pub mod text;
