//! Collapsing repeated reasons: the rules give many decisions the same reason text ("its value
//! shows in the medium term"), and give per-service reasons that differ only by the service
//! named at their start ("Risk management: supportive; …"). Shown one per line, they made
//! reports 26–34 pages long; here identical texts become one line listing what they apply to.
//!
//! Wording only: the reasons' text is the rules'; this module groups it, in first-seen order.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::decision::Reason;
use crate::model::service::ServiceKey;
use crate::report::build::HOST_DEFAULT;
use crate::report::ReportContext;

/// One line of collapsed reasons.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Collapsed {
    /// The decisions it explains, as (short, full) labels, in first-seen order.
    pub subjects: Vec<(String, String)>,
    /// Services named at the start of the original texts (stripped from `text`).
    pub services: Vec<ServiceKey>,
    /// The shared text.
    pub text: String,
    /// The rule location.
    pub rule: String,
}

impl Collapsed {
    /// The services by name (a reader of the body should not need the catalog's numbers),
    /// empty when none.
    pub fn service_list(&self, ctx: &ReportContext<'_>) -> String {
        self.services
            .iter()
            .map(|s| ctx.catalog.service(*s).name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The text, prefixed with the services it was given for.
    pub fn display_text(&self, ctx: &ReportContext<'_>) -> String {
        if self.services.is_empty() {
            self.text.clone()
        } else {
            format!("{}: {}", self.service_list(ctx), self.text)
        }
    }

    /// The decision cell: one subject in full, several by their short labels.
    pub fn decision_text(&self) -> String {
        match self.subjects.as_slice() {
            [] => String::new(),
            [(_, full)] => full.clone(),
            many => {
                let shorts: Vec<&str> = many.iter().map(|(s, _)| s.as_str()).collect();
                format!("{} ({} decisions)", shorts.join(", "), many.len())
            }
        }
    }
}

/// Splits `Service name: rest` into the service and `rest`.
fn strip_service<'t>(ctx: &ReportContext<'_>, text: &'t str) -> Option<(ServiceKey, &'t str)> {
    // Most reasons name no service: a name is compared only where `: ` follows its length
    // (every reason is tried against all 26 names).
    let bytes = text.as_bytes();
    ctx.catalog.services().iter().find_map(|s| {
        let name = s.name.as_bytes();
        let colon = bytes.get(name.len()..name.len() + 2)?;
        (colon == b": " && bytes.starts_with(name)).then(|| (s.key, &text[name.len() + 2..]))
    })
}

/// Collapses reasons tagged with the decision they explain.
pub(super) fn collapse_tagged<'a>(
    ctx: &ReportContext<'_>,
    items: impl IntoIterator<Item = ((String, String), &'a Reason)>,
) -> Vec<Collapsed> {
    collapse_indexed(ctx, items).0
}

/// A map only looked up, never iterated, so its order cannot reach the output; keyed by
/// `reason_key` strings.
pub(super) type KeyMap = HashMap<String, usize, BuildHasherDefault<QuickHasher>>;

/// FxHash's multiply-and-rotate over 8-byte words: a few times faster than the standard
/// SipHash on the long reason texts these maps are keyed by; denial of service through
/// crafted collisions is no concern for a report's own reasons, and the maps are never
/// iterated, so no order depends on the hash.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct QuickHasher(u64);

impl QuickHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Writes into `key` an unambiguous key of (owner, text, the reason's rule as `rule_text`
/// writes it): each of the first two parts after its length, so no text can run into the
/// next part. Returns where the rule text starts. One reused buffer, instead of a tuple of
/// three new strings per reason.
pub(super) fn reason_key(key: &mut String, owner: &str, text: &str, reason: &Reason) -> usize {
    key.clear();
    // Room for all of it at once: the key is built in a new `String` at most call sites, and
    // growing it part by part reallocated two or three times per reason. A length takes at
    // most 20 digits and a line 10 (`u64`, `u32`), each with its `:`.
    const LENGTHS: usize = 2 * (20 + 1);
    let rule_len = reason
        .rule
        .as_ref()
        .map_or(HOST_DEFAULT.len(), |r| r.file.len() + 1 + 10);
    key.reserve(LENGTHS + owner.len() + text.len() + rule_len);
    for part in [owner, text] {
        push_decimal(key, part.len() as u64);
        key.push(':');
        key.push_str(part);
    }
    let rule_at = key.len();
    match &reason.rule {
        // `RuleLocation`'s `file:line` display, without the formatting machinery.
        Some(rule) => {
            key.push_str(&rule.file);
            key.push(':');
            push_decimal(key, u64::from(rule.line));
        }
        None => key.push_str(HOST_DEFAULT),
    }
    rule_at
}

/// Appends `n` in decimal (formatting into the `String` allocates nothing).
fn push_decimal(out: &mut String, n: u64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{n}");
}

/// Collapses reasons tagged with the decision they explain, and tells for each item (in
/// input order) which collapsed line it went into: the reasons trace numbers its entries
/// from these, and body reasons point at them.
pub(super) fn collapse_indexed<'a>(
    ctx: &ReportContext<'_>,
    items: impl IntoIterator<Item = ((String, String), &'a Reason)>,
) -> (Vec<Collapsed>, Vec<usize>) {
    let mut out: Vec<Collapsed> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    // (decision when a service was stripped, text, rule) → index in `out`; `out` keeps
    // first-seen order. A BTreeMap spent its time comparing long reason texts with common
    // prefixes.
    let mut index = KeyMap::default();
    let mut key = String::new();
    for (subject, reason) in items {
        let (service, text) = match strip_service(ctx, &reason.text) {
            Some((s, rest)) => (Some(s), rest),
            None => (None, reason.text.as_str()),
        };
        let owner = if service.is_some() {
            subject.1.as_str()
        } else {
            ""
        };
        let rule_at = reason_key(&mut key, owner, text, reason);
        let i = match index.get(key.as_str()) {
            Some(&i) => i,
            None => {
                out.push(Collapsed {
                    subjects: Vec::new(),
                    services: Vec::new(),
                    text: text.to_string(),
                    rule: key[rule_at..].to_string(),
                });
                index.insert(key.clone(), out.len() - 1);
                out.len() - 1
            }
        };
        lines.push(i);
        let entry = &mut out[i];
        if !entry.subjects.contains(&subject) {
            entry.subjects.push(subject);
        }
        if let Some(s) = service {
            if !entry.services.contains(&s) {
                entry.services.push(s);
            }
        }
    }
    (out, lines)
}

/// The text for a body page: table references (`tables/x.csv line 9`) are left to the
/// reasons trace, where the rule's location is too.
pub(super) fn body_text(text: &str) -> String {
    // Most texts cite no table: one memchr search for them (`str::find` set up a two-way
    // searcher per text).
    if memchr::memmem::find(text.as_bytes(), b"tables/").is_none() {
        return text.to_string();
    }
    let mut out = text.to_string();
    while let Some(start) = out.find("tables/") {
        let rest = &out[start..];
        let Some(csv) = rest.find(".csv line ") else {
            break;
        };
        let digits = rest[csv + ".csv line ".len()..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - csv - ".csv line ".len());
        let end = start + csv + ".csv line ".len() + digits;
        // Take the separator before it too, so "…controlling; tables/x.csv line 9)" reads
        // "…controlling)" and "(tables/x.csv line 9)" disappears whole.
        let head = out[..start].trim_end();
        let (cut, end) = if let Some(h) = head.strip_suffix(';').or(head.strip_suffix(',')) {
            (h.len(), end)
        } else if head.ends_with('(') && out[end..].starts_with(')') {
            (head.len() - 1, end + 1)
        } else {
            (start, end)
        };
        out = format!("{}{}", out[..cut].trim_end(), &out[end..]);
    }
    out
}

/// Collapses the reasons of one decision.
pub(super) fn collapse<'a>(
    ctx: &ReportContext<'_>,
    reasons: impl IntoIterator<Item = &'a Reason>,
) -> Vec<Collapsed> {
    collapse_tagged(
        ctx,
        reasons
            .into_iter()
            .map(|r| ((String::new(), String::new()), r)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::period::{Period, ReportDate};
    use crate::report::Paper;

    #[test]
    fn identical_texts_collapse_and_service_prefixes_are_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/catalog");
        let catalog = crate::ingest::read_catalog(&dir).unwrap();
        let ctx = ReportContext {
            catalog: &catalog,
            period: Period::parse("2026-Q3").unwrap(),
            date: ReportDate { epoch_seconds: 0 },
            rules_version: "x",
            tool_version: "0",
            paper: Paper::A4,
            fte_cost: None,
        };
        let r = |t: &str| Reason::new(t, None);
        let reasons = [
            r("Risk management: supportive; maturity 3/5"),
            r("Issue management: supportive; maturity 3/5"),
            r("its value shows soon"),
            r("its value shows soon"),
        ];
        let out = collapse(&ctx, reasons.iter());
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].display_text(&ctx),
            "Risk management, Issue management: supportive; maturity 3/5"
        );
        assert_eq!(
            body_text("maturity 2/5 (our default mapping: 1 controlling; tables/approach_by_maturity.csv line 9), and more"),
            "maturity 2/5 (our default mapping: 1 controlling), and more"
        );
        assert_eq!(body_text("a (tables/t.csv line 12) b"), "a b");
        assert_eq!(body_text("no table here"), "no table here");
        assert_eq!(out[1].text, "its value shows soon");
        let tagged = collapse_tagged(
            &ctx,
            [
                (("S1".to_string(), "S1 Advice".to_string()), &reasons[2]),
                (("S2".to_string(), "S2 Benefits".to_string()), &reasons[3]),
            ],
        );
        assert_eq!(tagged.len(), 1);
        assert_eq!(tagged[0].decision_text(), "S1, S2 (2 decisions)");
        // The key's rule part reads as `rule_text` does (the trace shows it).
        let located = Reason::new(
            "x",
            Some(crate::model::decision::RuleLocation {
                file: "rules/services.rhai".into(),
                line: 1207,
                column: 3,
            }),
        );
        let mut key = String::new();
        for reason in [&located, &reasons[0]] {
            let at = reason_key(&mut key, "owner", &reason.text, reason);
            assert_eq!(&key[at..], crate::report::build::rule_text(reason));
        }
        assert!(key.starts_with("5:owner"));
    }
}
