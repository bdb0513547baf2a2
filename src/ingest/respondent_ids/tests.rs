use super::*;
use crate::test_random::SplitMix64;
use std::collections::HashMap;

#[test]
fn similar_ids_do_not_collide() {
    let mut seen = std::collections::HashSet::new();
    for i in 0..200_000u32 {
        for id in [
            format!("r{i}"),
            format!("respondent-{i:08}"),
            format!("R_{i:015}"),
        ] {
            assert!(seen.insert(id_hash(id.as_bytes())), "{id}");
        }
    }
    assert_ne!(id_hash(b""), id_hash(b"\0"));
}

#[test]
fn remembers_the_first_row_of_each_id() {
    let mut ids = RespondentIds::default();
    assert_eq!(ids.first_row(b"r1", 2), None);
    assert_eq!(ids.first_row(b"r2", 3), None);
    assert_eq!(ids.first_row(b"r1", 4), Some(2));
    assert_eq!(ids.first_row(b"r1", 5), Some(2));
    assert_eq!(ids.first_row(b"r2", 6), Some(3));
}

#[test]
fn a_number_is_the_same_id_only_with_the_same_text_and_width() {
    let key = |id: &str| IdKey::of(id.as_bytes());
    assert_eq!(key("R12"), key("R12"));
    assert_ne!(key("R012"), key("R12"));
    assert_ne!(key("S12"), key("R12"));
    assert_eq!(key("R12").numbered.map(|n| n.1), Some(12));
    assert_eq!(key("42").numbered.map(|n| n.1), Some(42));
    assert_eq!(key("R_abc").numbered, None);
    assert_eq!(
        key(&"9".repeat(19)).numbered.map(|n| n.1),
        Some(10u64.pow(19) - 1)
    );
    assert_eq!(key(&"9".repeat(20)).numbered, None, "only hashed");
    let mut ids = RespondentIds::default();
    for (row, id) in ["R1", "R01", "R001", "1", "01", "R2", "R02"]
        .iter()
        .enumerate()
    {
        assert_eq!(ids.first_row(id.as_bytes(), row as u64 + 2), None, "{id}");
    }
    assert_eq!(ids.first_row(b"R01", 20), Some(3));
    assert_eq!(ids.first_row(b"01", 20), Some(6));
}

/// The check answers as a map of every id's text would, whatever the ids look like: in
/// sequence, shuffled, with gaps, repeated, of several families, or not numbered at all.
#[test]
fn finds_every_repeat_as_a_map_of_the_texts_would() {
    let mut random = SplitMix64::new(16);
    for case in 0..300 {
        let mut ids = RespondentIds::expecting(random.below(3_000) as u64);
        let mut truth: HashMap<String, u64> = HashMap::new();
        let mut next = 1u64;
        let rows = random.below(3_000);
        for row in 2..rows as u64 + 2 {
            let id = match random.below(10) {
                // In sequence, the common case.
                0..=4 => {
                    next += 1;
                    format!("R{next}")
                }
                // A repeat of an earlier number, or a jump.
                5 => format!("R{}", random.below(next as usize + 1)),
                6 => {
                    next += random.below(5) as u64;
                    format!("R{next}")
                }
                // Another family, zero-padded, or none.
                7 => format!("resp-{:06}", random.below(50)),
                8 => format!("{}", random.below(100)),
                _ => format!("x{}y", random.below(100)),
            };
            let expected = truth.get(&id).copied();
            assert_eq!(
                ids.first_row(id.as_bytes(), row),
                expected,
                "case {case}, row {row}, id {id}"
            );
            truth.entry(id).or_insert(row);
        }
    }
}

#[test]
fn ids_in_sequence_take_no_table_slots() {
    let mut ids = RespondentIds::expecting(100_000);
    for n in 1..=100_000u64 {
        assert_eq!(
            ids.first_row(format!("resp-{n:07}").as_bytes(), n + 1),
            None
        );
    }
    assert_eq!((ids.table.len(), ids.runs.count()), (0, 1));
    assert_eq!(ids.first_row(b"resp-0050000", 1), Some(50_001));
    // Bare numbers from 1: a run per width (1-9, 10-99, …, 10000-99999).
    let mut ids = RespondentIds::default();
    for n in 1..=99_999u64 {
        assert_eq!(ids.first_row(n.to_string().as_bytes(), n + 1), None);
    }
    assert_eq!((ids.table.len(), ids.runs.count()), (0, 5));
}

#[test]
fn ids_out_of_sequence_fill_a_table_sized_for_the_file() {
    let mut ids = RespondentIds::expecting(10_000);
    let mut random = SplitMix64::new(7);
    for row in 2..5_002u64 {
        let id = format!("R_{:016x}", random.next_u64());
        assert_eq!(ids.first_row(id.as_bytes(), row), None);
    }
    assert_eq!(ids.table.len(), 4_999, "all but the one pending");
    assert_eq!(
        ids.table.capacity(),
        12_501,
        "sized for the estimate at once"
    );
}

#[test]
fn a_key_taken_beforehand_finds_the_same_rows() {
    let mut ids = RespondentIds::default();
    // Prefetching an empty table, or a slot about to move when it grows, changes nothing.
    ids.prefetch(IdKey::of(b"r1"));
    assert_eq!(ids.first_row_keyed(IdKey::of(b"r1"), 2), None);
    for i in 0..5_000u64 {
        let id = format!("x{}", i * 7);
        ids.prefetch(IdKey::of(id.as_bytes()));
        assert_eq!(ids.first_row_keyed(IdKey::of(id.as_bytes()), i + 3), None);
    }
    assert_eq!(ids.first_row(b"r1", 9), Some(2));
    assert_eq!(ids.first_row_keyed(IdKey::of(b"x287"), 9), Some(44));
}
