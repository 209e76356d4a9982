//! Stable hashes (std's hashers may change between releases): FNV-1a, the hash the Deployment
//! controller uses for `pod-template-hash`, also used here to make deterministic picks; and
//! [`fast64`], for hash tables keyed by long texts.

/// 32-bit FNV-1a.
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// 64-bit FNV-1a.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// A fast 64-bit hash, eight bytes at a time (FxHash's mixing), for tables keyed by long texts
/// that compare their keys in full anyway: not stable across versions of the playground, and not
/// for anything an adversary could choose to collide.
pub fn fast64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    let mut h = bytes.len() as u64;
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    mix(h, u64::from_le_bytes(last))
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::fnv32(b""), 0x811c_9dc5);
        assert_eq!(super::fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn fast64_sees_every_byte_and_the_length() {
        let text = b"apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\n";
        let h = super::fast64(text);
        for i in 0..text.len() {
            let mut t = text.to_vec();
            t[i] ^= 1;
            assert_ne!(super::fast64(&t), h, "byte {i}");
        }
        assert_ne!(super::fast64(b"ab"), super::fast64(b"ab\0"));
        assert_ne!(super::fast64(b""), super::fast64(b"\0"));
    }
}
