//! Stage: apply (to be written).

use crate::analyze::Analysis;

pub fn apply(_a: &mut Analysis) {}
