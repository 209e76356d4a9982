//! Fixture section `[dns]`.

use crate::model::DnsRecord;
use crate::Analysis;
/// Fixture-test section `[dns]`: the zone listing, one record per line, sorted.
pub(super) fn section(a: &Analysis) -> Vec<String> {
    a.dns.records.iter().map(DnsRecord::line).collect()
}
