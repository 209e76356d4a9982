//! Names the control plane generates (`generateName`: pods of a ReplicaSet or DaemonSet,
//! EndpointSlices), made deterministic: where the controller draws a random suffix, the suffix
//! here is a hash of a seed, in the same alphabet, so names look like a real cluster's.

use crate::util::hash::fnv64;
use std::collections::BTreeSet;

/// The alphabet of apimachinery's `utilrand.String` / `SafeEncodeString` (no vowels, no 0/1/3).
pub const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `names.SimpleNameGenerator`: a generated name's prefix is cut to 63 - 5 characters.
pub const MAX_PREFIX: usize = 58;

/// `len` characters of the alphabet drawn from `seed`.
pub fn suffix(mut seed: u64, len: usize) -> String {
    let n = ALPHABET.len() as u64;
    (0..len)
        .map(|_| {
            let c = ALPHABET[(seed % n) as usize];
            seed /= n;
            c as char
        })
        .collect()
}

/// `SafeEncodeString`: each byte mapped into the alphabet.
pub fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| ALPHABET[usize::from(b) % ALPHABET.len()] as char).collect()
}

/// `<prefix><5 characters>`, unique among `taken` in `namespace` (and then added to it). The
/// suffix is drawn from a hash of `seed` (and a salt, should the first pick be taken).
pub fn unique_name(taken: &mut BTreeSet<(String, String)>, namespace: &str, prefix: &str, seed: &str) -> String {
    let prefix: String = prefix.chars().take(MAX_PREFIX).collect();
    let mut name = String::new();
    for salt in 0..=1000u32 {
        name = format!("{prefix}{}", suffix(fnv64(format!("{seed}/{salt}").as_bytes()), 5));
        if taken.insert((namespace.to_string(), name.clone())) {
            break;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_stable() {
        let mut taken = BTreeSet::new();
        let a = unique_name(&mut taken, "ns", "web-", "ns/web/0");
        let b = unique_name(&mut taken, "ns", "web-", "ns/web/0");
        assert_ne!(a, b);
        assert!(a.starts_with("web-") && a.len() == 9, "{a}");
        assert!(a[4..].bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!(unique_name(&mut BTreeSet::new(), "ns", "web-", "ns/web/0"), a);
    }

    #[test]
    fn safe_encoding_stays_in_the_alphabet() {
        let h = safe_encode("4294967295");
        assert_eq!(h.len(), 10);
        assert!(h.bytes().all(|b| ALPHABET.contains(&b)));
    }
}
