//! Service Playground engine: Kubernetes manifests in, one [`Analysis`] out.
//!
//! The engine is pure: no clock, no randomness, no I/O, no browser. It never panics on input;
//! everything wrong with the input becomes a [`Diagnostic`]. See `ARCHITECTURE.md`.

pub mod api;
pub mod apply;
pub mod checks;
pub mod cluster;
pub mod diag;
pub mod dns;
pub mod edit;
pub mod endpoints;
pub mod labels;
pub mod model;
pub mod names;
pub mod pipeline;
pub mod present;
pub mod proxy;
pub mod read;
pub mod report;
pub mod schema;
pub mod select;
pub mod service;
pub mod settings;
pub mod trace;
pub mod util;
pub mod validation;
pub mod workloads;
pub mod yaml;

pub use diag::{Diagnostic, Severity};
pub use model::{Analysis, Body, Object, ServiceView, Source};
pub use pipeline::{analyze, analyze_with_cache, Analyzer};
pub use read::ReadCache;
