//! The analysis's data: objects, the [`Analysis`], and the output of every stage. Nothing here
//! computes a Kubernetes rule; the stages do (see `ARCHITECTURE.md`).

mod analysis;
mod cluster;
mod diagnostics;
mod dns;
mod endpoints;
mod enums;
mod object;
mod routes;
mod service;
mod trace;

pub use analysis::*;
pub use cluster::*;
pub use diagnostics::*;
pub use dns::*;
pub use endpoints::*;
pub use enums::*;
pub use object::*;
pub use routes::*;
pub use service::*;
pub use trace::*;
