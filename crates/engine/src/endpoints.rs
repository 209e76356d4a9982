//! Stage: Endpoints and EndpointSlices (to be written).

use crate::analyze::Analysis;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ServiceEndpoints {}

pub fn run(_a: &mut Analysis) {}

/// Fixture-test section `endpoints` (see `report.rs`).
pub fn report_endpoints(_a: &Analysis) -> Vec<String> {
    Vec::new()
}

/// Fixture-test section `slices`.
pub fn report_slices(_a: &Analysis) -> Vec<String> {
    Vec::new()
}
