//! `svcplay trace` (to be written with the kube-proxy stage).

use crate::UsageError;

pub fn run(_argv: &[String]) -> Result<u8, UsageError> {
    Err(UsageError("trace is not available yet".into()))
}
