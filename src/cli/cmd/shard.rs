//! `--shard K/N`: a deterministic split of the organizations for a CI matrix.
//!
//! An organization's shard depends on its id alone (FNV-1a, a fixed and documented hash, not
//! Rust's randomly seeded one), so adding an organization never moves the others between
//! shards, and every runner agrees without talking to the others.

use std::str::FromStr;

use crate::report::Shard;

/// A parsed `K/N` (1 ≤ K ≤ N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardArg(pub Shard);

impl FromStr for ShardArg {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let expected = || format!("expected K/N with 1 <= K <= N, such as 2/4; found {text:?}");
        let (k, n) = text.split_once('/').ok_or_else(expected)?;
        let index: u32 = k.trim().parse().map_err(|_| expected())?;
        let count: u32 = n.trim().parse().map_err(|_| expected())?;
        if index == 0 || count == 0 || index > count {
            return Err(expected());
        }
        Ok(ShardArg(Shard { index, count }))
    }
}

/// Whether the organization `id` belongs to `shard`.
pub fn contains(shard: Shard, id: &str) -> bool {
    fnv1a(id.as_bytes()) % u64::from(shard.count) == u64::from(shard.index - 1)
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2/3".parse::<ShardArg>().unwrap().0,
            Shard { index: 2, count: 3 }
        );
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<ShardArg>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_organization_is_in_exactly_one_shard() {
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        for id in [
            "northwind-health",
            "lumen-software",
            "harbor-construction",
            "x",
        ] {
            let hits = (1..=4)
                .filter(|&index| contains(Shard { index, count: 4 }, id))
                .count();
            assert_eq!(hits, 1, "{id}");
        }
    }
}
