//! Stage: kube-proxy routing (to be written).

use crate::analyze::Analysis;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceRoutes {}

pub fn run(_a: &mut Analysis) {}

/// Fixture-test section (see `report.rs`).
pub fn report(_a: &Analysis) -> Vec<String> {
    Vec::new()
}
