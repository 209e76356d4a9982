//! `svcplay dns NAME [TYPE]` (to be written with the DNS stage).

use crate::UsageError;

pub fn run(_argv: &[String]) -> Result<u8, UsageError> {
    Err(UsageError("dns is not available yet".into()))
}
