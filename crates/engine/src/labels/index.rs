//! [`LabelIndex`]: items (pods) by namespace and by `key=value` label within a namespace, as the
//! informers' indexers keep them, so that a selector is matched against the few pods that carry
//! one of its labels instead of every pod (1,000 Services × 10,000 pods: milliseconds, not
//! seconds).
//!
//! The index holds positions only, keyed by a stable hash of the strings: it borrows nothing,
//! costs no string copies, and its answers are *candidates* (ascending positions; a hash
//! collision only adds some) that the caller checks with the selector itself.

use super::{Labels, Operator, Selector};
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct LabelIndex {
    /// hash(namespace, key, value) → positions of the items with that label in that namespace.
    by_label: HashMap<u64, Vec<u32>>,
    /// hash(namespace) → positions of the items in that namespace.
    by_namespace: HashMap<u64, Vec<u32>>,
}

/// FNV-1a over the parts, each followed by a byte that never occurs in UTF-8 text.
fn key(parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for p in parts {
        for &b in p.as_bytes().iter().chain(&[0xff]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

impl LabelIndex {
    /// The index of `items` (namespace, labels); positions are the items' places in that order.
    pub fn new<'a>(items: impl IntoIterator<Item = (&'a str, &'a Labels)>) -> LabelIndex {
        let mut index = LabelIndex::default();
        for (i, (ns, labels)) in items.into_iter().enumerate() {
            let i = i as u32;
            index.by_namespace.entry(key(&[ns])).or_default().push(i);
            for (k, v) in labels {
                index.by_label.entry(key(&[ns, k, v])).or_default().push(i);
            }
        }
        index
    }

    /// Positions (ascending) of the items in `namespace`, possibly with a few of other
    /// namespaces.
    pub fn in_namespace(&self, namespace: &str) -> &[u32] {
        self.by_namespace.get(&key(&[namespace])).map_or(&[], Vec::as_slice)
    }

    /// Positions (ascending) of the items in `namespace` that may carry every label of `set` (a
    /// Service's selector, `matchLabels`): those with its rarest label. Check each with
    /// [`super::set_matches`]. An empty set gives the namespace's items.
    pub fn candidates_for_set(&self, namespace: &str, set: &Labels) -> &[u32] {
        self.rarest(namespace, set.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Positions (ascending) of the items in `namespace` that may match `selector`: those with
    /// the rarest label one of its requirements demands (`k=v`, `k==v`, `k in (v)`), or every
    /// item of the namespace when no requirement demands one label. Check each with
    /// [`Selector::matches`].
    pub fn candidates(&self, namespace: &str, selector: &Selector) -> &[u32] {
        let demanded = selector.requirements().iter().filter_map(|r| match (r.operator, r.values.as_slice()) {
            (Operator::Equals | Operator::DoubleEquals | Operator::In, [v]) => Some((r.key.as_str(), v.as_str())),
            _ => None,
        });
        self.rarest(namespace, demanded)
    }

    fn rarest<'s>(&self, namespace: &str, labels: impl Iterator<Item = (&'s str, &'s str)>) -> &[u32] {
        let mut best: Option<&[u32]> = None;
        for (k, v) in labels {
            let found = self.by_label.get(&key(&[namespace, k, v])).map_or(&[][..], Vec::as_slice);
            if best.is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        }
        best.unwrap_or_else(|| self.in_namespace(namespace))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn candidates_are_the_pods_with_the_rarest_demanded_label() {
        let pods = [
            ("a", labels(&[("app", "web"), ("tier", "fe")])),
            ("a", labels(&[("app", "web"), ("tier", "be")])),
            ("b", labels(&[("app", "web")])),
            ("a", labels(&[("app", "db")])),
        ];
        let index = LabelIndex::new(pods.iter().map(|(ns, l)| (*ns, l)));
        assert_eq!(index.candidates_for_set("a", &labels(&[("app", "web")])), [0, 1]);
        assert_eq!(index.candidates_for_set("a", &labels(&[("app", "web"), ("tier", "be")])), [1]);
        assert_eq!(index.candidates_for_set("b", &labels(&[("app", "web")])), [2]);
        assert!(index.candidates_for_set("a", &labels(&[("app", "none")])).is_empty());
        assert_eq!(index.candidates_for_set("a", &Labels::new()), [0, 1, 3]);
        let sel = Selector::parse("app in (web),tier!=fe").unwrap();
        assert_eq!(index.candidates("a", &sel), [0, 1]);
        let sel = Selector::parse("app in (web,db)").unwrap();
        assert_eq!(index.candidates("a", &sel), [0, 1, 3], "no single label demanded: the namespace");
        assert!(index.candidates("c", &sel).is_empty());
    }

    /// On many random pods and selectors, the candidates hold every pod that matches, in order.
    #[test]
    fn candidates_never_miss_a_match() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        let names = ["a", "b", "c"];
        let mut pods = Vec::new();
        for _ in 0..300 {
            let l: Vec<(&str, &str)> = (0..next(4)).map(|_| (names[next(3)], names[next(3)])).collect();
            pods.push((names[next(3)], labels(&l)));
        }
        let index = LabelIndex::new(pods.iter().map(|(ns, l)| (*ns, l)));
        for _ in 0..200 {
            let ns = names[next(3)];
            let set = labels(&(0..next(3)).map(|_| (names[next(3)], names[next(3)])).collect::<Vec<_>>());
            let text = ["a=b", "a in (b)", "b!=c", "c", "!a", "a==c,b in (a,b)", "c notin (a)"][next(7)];
            let sel = Selector::parse(text).unwrap();
            let exact_set: Vec<u32> = (0..pods.len() as u32)
                .filter(|&i| pods[i as usize].0 == ns && super::super::set_matches(&set, &pods[i as usize].1))
                .collect();
            let exact_sel: Vec<u32> = (0..pods.len() as u32)
                .filter(|&i| pods[i as usize].0 == ns && sel.matches(&pods[i as usize].1))
                .collect();
            for (candidates, exact) in
                [(index.candidates_for_set(ns, &set), exact_set), (index.candidates(ns, &sel), exact_sel)]
            {
                assert!(candidates.windows(2).all(|w| w[0] < w[1]), "ascending");
                assert!(
                    exact.iter().all(|i| candidates.contains(i)),
                    "{ns} {set:?} {text}: {exact:?} not in {candidates:?}"
                );
            }
        }
    }
}
