//! Words the checks share: `key: value`, "3 pods have", short lists, near spellings.

use crate::util::text::did_you_mean;
/// `key: value` as written in YAML (`key: ""` for the empty value).
pub(super) fn kv(k: &str, v: &str) -> String {
    if v.is_empty() {
        format!("`{k}: \"\"`")
    } else {
        format!("`{k}: {v}`")
    }
}

pub(super) fn pods_word(n: usize) -> String {
    format!("{n} {}", if n == 1 { "pod" } else { "pods" })
}

/// "1 pod has" / "3 pods have".
pub(super) fn pods_have(n: usize) -> String {
    format!("{} {}", pods_word(n), if n == 1 { "has" } else { "have" })
}

/// Up to `max` items joined with ", ", then "and N more".
pub(super) fn list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        return items.join(", ");
    }
    format!("{} and {} more", items[..max].join(", "), items.len() - max)
}

/// Two different strings that look like the same word: equal but for case, or a likely typo.
pub(super) fn close(wanted: &str, have: &str) -> bool {
    wanted != have && (wanted.eq_ignore_ascii_case(have) || did_you_mean(wanted, [have]).is_some())
}
