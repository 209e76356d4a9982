//! Stable sorting with one copy of the sort code. Every `sort_by` of a new element type adds a
//! few kilobytes of machine code to the wasm; these sort a permutation (always `u32`s, with the
//! comparison behind a `dyn`) and then put the elements in that order. The results are those of
//! the standard stable sorts.
//!
//! [`map`] and [`set`] build a `BTreeMap` / `BTreeSet` by inserting: `collect()` into one sorts
//! the items first (a stable sort instance per element type), which costs more code than it saves
//! time on the few entries these hold.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// `items.collect::<BTreeMap<_, _>>()`, without the sort: the same map (a later equal key's value
/// wins, as there).
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(items);
    m
}

/// `items.collect::<BTreeSet<_>>()`, without the sort.
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut s = BTreeSet::new();
    s.extend(items);
    s
}

/// `v.sort_by(cmp)`: stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    {
        let items: &[T] = v;
        sort_order(&mut order, &mut |a, b| cmp(&items[a as usize], &items[b as usize]));
    }
    permute(v, &order);
}

/// `v.sort_by_key(key)`: stable.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort_by_cached_key(key)`: stable, `key` called once per element.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    sort_order(&mut order, &mut |a, b| keys[a as usize].cmp(&keys[b as usize]));
    permute(v, &order);
}

/// `v.sort()`: stable.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a.cmp(b));
}

#[inline(never)]
fn sort_order(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts `v[order[i]]` at `i` for every `i`, with the swaps computed once for all element types.
fn permute<T>(v: &mut [T], order: &[u32]) {
    for (i, j) in swaps(order) {
        v.swap(i as usize, j as usize);
    }
}

/// The swaps, in order, that move element `order[i]` to position `i`.
#[inline(never)]
fn swaps(order: &[u32]) -> Vec<(u32, u32)> {
    // at[p]: the original index of the element now at position p; pos[e]: where element e is now.
    let mut at: Vec<u32> = (0..order.len() as u32).collect();
    let mut pos = at.clone();
    let mut out = Vec::new();
    for (i, &e) in order.iter().enumerate() {
        let p = pos[e as usize];
        if p as usize != i {
            let moved = at[i];
            out.push((i as u32, p));
            at[i] = e;
            at[p as usize] = moved;
            pos[e as usize] = i as u32;
            pos[moved as usize] = p;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_order_as_the_standard_stable_sorts() {
        let mut seed = 7u64;
        for n in 0..60 {
            let v: Vec<(u8, u32)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let (mut a, mut b, mut c, mut d) = (v.clone(), v.clone(), v.clone(), v.clone());
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            sort_by(&mut a, |x, y| x.0.cmp(&y.0));
            sort_by_key(&mut b, |x| x.0);
            sort_by_cached_key(&mut c, |x| x.0);
            assert_eq!((&a, &b, &c), (&want, &want, &want));
            let mut want = v.clone();
            want.sort();
            sort(&mut d);
            assert_eq!(d, want);
            let mut e = v.clone();
            let mut want = v.clone();
            want.sort_by_cached_key(|x| std::cmp::Reverse(x.0));
            sort_by_cached_key(&mut e[..], |x| std::cmp::Reverse(x.0));
            assert_eq!(e, want);
        }
    }
}
