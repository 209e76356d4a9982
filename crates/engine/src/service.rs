//! Stage: service (to be written).

use crate::analyze::Analysis;

pub fn run(_a: &mut Analysis) {}

/// Fixture-test section (see `report.rs`).
pub fn report(_a: &Analysis) -> Vec<String> {
    Vec::new()
}
