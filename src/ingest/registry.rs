//! The organizations seen while reading, and the row counts and findings of each file.
//!
//! Rows name their organization by text; `Registry` turns that text into a slot index once
//! per distinct organization (later rows hit a one-entry cache or a byte-keyed map, with no
//! allocation), so the format readers aggregate straight into `OrganizationInput`s.
//! `FileTally` keeps `rows_read = rows_used + rows_rejected` true by construction: a row is
//! counted only through `used` or `rejected`. `finish` assembles the `SurveySet`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diag::{Diagnostic, Location, Severity};
use crate::ingest::finding;
use crate::ingest::sheet::{self, SheetOrigin};
use crate::ingest::text_store::TextStore;
use crate::model::kept_text::TextSink;
use crate::model::organization::OrganizationId;
use crate::model::organizations::Organizations;
use crate::model::quality::{DataQuality, SourceStats};
use crate::model::survey::{InputHash, OrganizationInput};
use crate::model::survey_set::SurveySet;

/// What a row's organization cell resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OrgLookup {
    /// A known (or newly registered) organization slot.
    Found(usize),
    /// Blank cell and no default organization.
    Missing,
    /// Not a valid organization id; the message says what was expected.
    Invalid(String),
    /// Valid, but not registered and the caller did not allow registering it.
    Unknown,
}

/// Organizations by slot, in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    inputs: Vec<OrganizationInput>,
    /// Slots by the organization's text as read. aHash, not SipHash: this lookup runs for
    /// every row in the sequential step of ingest (issue 16).
    by_text: HashMap<Box<[u8]>, usize, ahash::RandomState>,
    default: Option<OrganizationId>,
    /// The last organization looked up: exports are usually sorted or grouped by
    /// organization, so this answers most rows with one byte comparison.
    last: Option<(Vec<u8>, usize)>,
    /// Where kept comments and quotes go while the file is read (`IngestOptions::store_texts`).
    texts: Option<TextStore>,
}

impl Registry {
    /// An empty registry; blank organization cells mean `default` when it is given.
    pub fn new(default: Option<OrganizationId>) -> Self {
        Registry {
            default,
            ..Registry::default()
        }
    }

    /// Forgets every organization (keeps the default and the text store, whose texts then
    /// go unread), to read a file again from its start.
    pub fn reset(&mut self) {
        let texts = self.texts.take();
        *self = Registry::new(self.default.take());
        self.texts = texts;
    }

    /// Keeps the comments and quotes of the organizations in a text store from now on.
    pub fn store_texts(&mut self, store: TextStore) {
        self.texts = Some(store);
    }

    /// The text store, taken when every file is read.
    pub fn take_texts(&mut self) -> Option<TextStore> {
        self.texts.take()
    }

    /// The organization in `slot` and the text store, if texts are stored.
    pub fn input_and_texts(
        &mut self,
        slot: usize,
    ) -> (&mut OrganizationInput, Option<&mut dyn TextSink>) {
        let texts = self.texts.as_mut().map(|t| t as &mut dyn TextSink);
        (&mut self.inputs[slot], texts)
    }

    /// Whether a default organization stands in for blank cells.
    pub fn has_default(&self) -> bool {
        self.default.is_some()
    }

    /// Resolves a raw organization cell (`None` when the file has no such column).
    /// Registers new organizations when `register` is true.
    pub fn resolve(&mut self, raw: Option<&[u8]>, register: bool) -> OrgLookup {
        let key = raw.unwrap_or_default().trim_ascii();
        if key.is_empty() {
            return match self.default.clone() {
                Some(id) => self.slot_of(id, register),
                None => OrgLookup::Missing,
            };
        }
        if let Some((bytes, slot)) = &self.last {
            if bytes.as_slice() == key {
                return OrgLookup::Found(*slot);
            }
        }
        let slot = match self.by_text.get(key) {
            Some(&slot) => slot,
            None => {
                let id = match std::str::from_utf8(key)
                    .map_err(|_| ())
                    .and_then(|t| OrganizationId::new(t).map_err(|_| ()))
                {
                    Ok(id) => id,
                    Err(()) => {
                        let text = String::from_utf8_lossy(key);
                        return OrgLookup::Invalid(OrganizationId::new(&text).err().unwrap_or_else(
                            || "expected an organization id of ASCII letters, digits, '-', '_' or '.'".into(),
                        ));
                    }
                };
                match self.slot_of(id, register) {
                    OrgLookup::Found(slot) => slot,
                    other => return other,
                }
            }
        };
        let last = self.last.get_or_insert_with(|| (Vec::new(), slot));
        last.0.clear();
        last.0.extend_from_slice(key);
        last.1 = slot;
        OrgLookup::Found(slot)
    }

    fn slot_of(&mut self, id: OrganizationId, register: bool) -> OrgLookup {
        if let Some(&slot) = self.by_text.get(id.as_str().as_bytes()) {
            return OrgLookup::Found(slot);
        }
        if !register {
            return OrgLookup::Unknown;
        }
        let slot = self.inputs.len();
        self.by_text.insert(id.as_str().as_bytes().into(), slot);
        self.inputs.push(OrganizationInput::new(id));
        OrgLookup::Found(slot)
    }

    /// The organization in `slot`.
    pub fn input(&mut self, slot: usize) -> &mut OrganizationInput {
        &mut self.inputs[slot]
    }

    /// How many organizations are registered.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }
}

/// Row counts per organization slot: read is always used + rejected.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    used: u64,
    rejected: u64,
}

/// The counts of `slot` in a file's per-slot counts (none past the last slot with rows).
fn slot_counts(per_slot: &[Counts], slot: usize) -> Counts {
    per_slot.get(slot).copied().unwrap_or_default()
}

/// Whose a finding of a file is.
#[derive(Debug, Clone)]
enum Owner {
    /// A row of this organization slot, or of none that could be attributed.
    Row(Option<usize>),
    /// A row left out by a filter or as incomplete, naming this organization: settled
    /// against the organizations the file's used rows registered (`FileTally::settle`).
    LeftOut(OrganizationId),
    /// The file as a whole (header, mapping): every organization with rows in it.
    File,
}

/// The counts and findings of one input file.
#[derive(Debug)]
pub(crate) struct FileTally {
    /// The file's name and kind, shared by every organization's stats of this file.
    file: Arc<str>,
    kind: Arc<str>,
    total: Counts,
    per_slot: Vec<Counts>,
    findings: Vec<(Owner, Diagnostic)>,
    /// Where the rows sit in their sheet, for a spreadsheet input.
    sheet: Option<SheetOrigin>,
    /// The file's SHA-256, when the reader read it to its end.
    hash: Option<InputHash>,
}

impl FileTally {
    /// A tally for `file` of the given kind (`customers`, `baseline`, `service_maturity`).
    pub fn new(file: &str, kind: &'static str) -> Self {
        FileTally {
            file: Arc::from(file),
            kind: Arc::from(kind),
            total: Counts::default(),
            per_slot: Vec::new(),
            findings: Vec::new(),
            sheet: None,
            hash: None,
        }
    }

    /// Records the file's hash, taken while it was read (`None`: not read to its end).
    pub fn hashed(&mut self, hash: Option<InputHash>) {
        self.hash = hash;
    }

    /// Marks the file as a spreadsheet sheet: its findings then name sheet cells.
    pub fn in_sheet(&mut self, origin: Option<&SheetOrigin>) {
        self.sheet = origin.cloned();
    }

    fn slot(&mut self, slot: usize) -> &mut Counts {
        if self.per_slot.len() <= slot {
            self.per_slot.resize(slot + 1, Counts::default());
        }
        &mut self.per_slot[slot]
    }

    /// Counts a row that contributed to `slot`'s results.
    pub fn used(&mut self, slot: usize) {
        self.total.used += 1;
        self.slot(slot).used += 1;
    }

    /// Counts a rejected row (`None`: no organization could be attributed) with its reason.
    pub fn rejected(&mut self, slot: Option<usize>, reason: Diagnostic) {
        self.total.rejected += 1;
        if let Some(slot) = slot {
            self.slot(slot).rejected += 1;
        }
        self.findings.push((Owner::Row(slot), reason));
    }

    /// Counts a row left out by a filter or as incomplete; it counts against `org` once
    /// `settle` finds that organization registered by used rows.
    pub fn left_out(&mut self, org: Option<OrganizationId>, reason: Diagnostic) {
        self.total.rejected += 1;
        self.findings
            .push((org.map_or(Owner::Row(None), Owner::LeftOut), reason));
    }

    /// Attributes the left-out rows to their organizations when those are registered (a
    /// preview row naming an organization nobody answered for stays unattributed).
    pub fn settle(&mut self, registry: &mut Registry) {
        let mut settled = Vec::new();
        for (owner, _) in &mut self.findings {
            if let Owner::LeftOut(org) = owner {
                let slot = match registry.resolve(Some(org.as_str().as_bytes()), false) {
                    OrgLookup::Found(slot) => Some(slot),
                    _ => None,
                };
                settled.extend(slot);
                *owner = Owner::Row(slot);
            }
        }
        for slot in settled {
            self.slot(slot).rejected += 1;
        }
    }

    /// Records a finding about a row of `slot` (`None`: no organization attributed).
    pub fn finding(&mut self, slot: Option<usize>, finding: Diagnostic) {
        self.findings.push((Owner::Row(slot), finding));
    }

    /// Records a finding about the file as a whole (its header, the mapping): it reaches
    /// every organization with rows in the file.
    pub fn file_finding(&mut self, finding: Diagnostic) {
        self.findings.push((Owner::File, finding));
    }

    fn stats(&self, counts: Counts) -> SourceStats {
        SourceStats {
            file: Arc::clone(&self.file),
            kind: Arc::clone(&self.kind),
            rows_read: counts.used + counts.rejected,
            rows_used: counts.used,
            rows_rejected: counts.rejected,
        }
    }
}

/// Assembles the survey set: per-organization stats and findings, then the file totals and
/// every finding at set level. Organizations without a baseline get a `MISSING_BASELINE`
/// finding pointing at the baseline file (`None` when no baseline file was given).
pub(crate) fn finish(
    registry: Registry,
    mut tallies: Vec<FileTally>,
    baseline_file: Option<&str>,
) -> SurveySet {
    let mut set = SurveySet::default();
    let mut inputs = registry.inputs;
    let mut late: Vec<Diagnostic> = Vec::new();
    let files = tallies.len();
    for tally in &mut tallies {
        if let Some(origin) = &tally.sheet {
            for (_, d) in &mut tally.findings {
                sheet::relocate(d, &tally.file, origin);
            }
        }
        // One pass per file, appending in row order: linear in findings, not orgs × findings.
        for (slot, input) in inputs.iter_mut().enumerate() {
            let counts = slot_counts(&tally.per_slot, slot);
            if input.data_quality.sources.capacity() == 0 {
                input.data_quality.sources.reserve_exact(files);
            }
            input.data_quality.sources.push(tally.stats(counts));
        }
        for (owner, d) in &tally.findings {
            match owner {
                Owner::Row(Some(slot)) => {
                    if let Some(input) = inputs.get_mut(*slot) {
                        input.data_quality.findings.push(d.clone());
                    }
                }
                Owner::File => {
                    for (slot, input) in inputs.iter_mut().enumerate() {
                        let counts = slot_counts(&tally.per_slot, slot);
                        if counts.used + counts.rejected > 0 {
                            input.data_quality.findings.push(d.clone());
                        }
                    }
                }
                Owner::Row(None) | Owner::LeftOut(_) => {}
            }
        }
    }
    // The per-slot counts are read no more once every organization has its stats: moved.
    let customers = tallies
        .iter_mut()
        .find(|t| &*t.kind == "customers")
        .map(|t| CustomerRows {
            file: Arc::clone(&t.file),
            per_slot: std::mem::take(&mut t.per_slot),
        });
    for (slot, input) in inputs.iter_mut().enumerate() {
        // An organization left out for want of customers gets that finding, not this one too.
        if input.baseline.is_none() && customers.as_ref().is_none_or(|c| c.answered(slot)) {
            let location = baseline_file.map_or(Location::None, |file| Location::File {
                file: file.to_string(),
            });
            let d = Diagnostic::new(
                finding::MISSING_BASELINE,
                Severity::Warning,
                format!(
                    "no baseline for organization `{}`: rules see no baseline",
                    input.id
                ),
                location,
            )
            .with_hint(format!(
                "add baseline-survey rows with organization `{}`",
                input.id
            ));
            input.data_quality.findings.push(d.clone());
            late.push(d);
        }
    }
    for (slots, d) in organization_names(&inputs) {
        for slot in slots {
            inputs[slot].data_quality.findings.push(d.clone());
        }
        late.push(d);
    }
    let mut quality = DataQuality::default();
    for tally in tallies {
        set.input_hashes.extend(tally.hash.clone());
        quality.sources.push(tally.stats(tally.total));
        quality
            .findings
            .extend(tally.findings.into_iter().map(|(_, d)| d));
    }
    let (findings, unused) = without_customers(&mut inputs, &customers);
    late.extend(findings);
    // Their rows in the other files were used for no report: rejected, with I121 the reason.
    for (source, unused) in quality.sources.iter_mut().zip(unused) {
        source.rows_used -= unused;
        source.rows_rejected += unused;
    }
    quality.findings.extend(late);
    set.data_quality = quality;
    set.organizations = Organizations::from_inputs(inputs);
    set
}

/// The customers file as `finish` reads it: its name and its rows per organization slot.
struct CustomerRows {
    file: Arc<str>,
    per_slot: Vec<Counts>,
}

impl CustomerRows {
    /// The rows of the organization in `slot`.
    fn rows(&self, slot: usize) -> Counts {
        slot_counts(&self.per_slot, slot)
    }

    /// Whether a customer row counts for the organization in `slot`.
    fn answered(&self, slot: usize) -> bool {
        self.rows(slot).used > 0
    }
}

/// Leaves out the organizations no customer row counts for (named only by the baseline, or
/// every customer row rejected), each with an `I121` warning: advice from a baseline alone
/// would read as what customers asked for, and its risks and alerts would speak of answers
/// nobody gave. Without a customers file (a baseline read alone) nothing is left out.
/// Returns the findings and, per file, the rows the organizations left out had used.
fn without_customers(
    inputs: &mut Vec<OrganizationInput>,
    customers: &Option<CustomerRows>,
) -> (Vec<Diagnostic>, Vec<u64>) {
    let mut unused = Vec::new();
    let Some(customers) = customers else {
        return (Vec::new(), unused);
    };
    let mut findings = Vec::new();
    let mut slot = 0;
    inputs.retain(|input| {
        let (answered, rejected) = (customers.answered(slot), customers.rows(slot).rejected);
        slot += 1;
        if answered {
            return true;
        }
        let sources = &input.data_quality.sources;
        unused.resize(unused.len().max(sources.len()), 0);
        for (total, source) in unused.iter_mut().zip(sources) {
            *total += source.rows_used;
        }
        let id = &input.id;
        let message = match rejected {
            0 => format!("organization `{id}` is named by the baseline, but by no customer-survey row: no report is written for it (its other rows count as rejected)"),
            n => format!("organization `{id}`: none of its {n} customer-survey row(s) could be used (see the rows' findings): no report is written for it (its other rows count as rejected)"),
        };
        let location = Location::File {
            file: customers.file.to_string(),
        };
        findings.push(
            Diagnostic::new(finding::NO_CUSTOMERS, Severity::Warning, message, location)
                .with_expected("customer-survey rows for every organization to report on")
                .with_hint(format!(
                    "add customer-survey rows with organization `{id}`, or leave it out of the baseline"
                )),
        );
        false
    });
    (findings, unused)
}

/// File names Windows reserves whatever the extension (`con.pdf` cannot be written).
const RESERVED_NAMES: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Organization ids that make unusable report file names (issue 11): two that differ only in
/// case (`Lumen`, `lumen`) overwrite each other's `<id>.pdf` on case-insensitive file
/// systems, and a reserved name (`con`) cannot be written on Windows. Each finding comes with
/// the slots of the organizations it concerns.
fn organization_names(inputs: &[OrganizationInput]) -> Vec<(Vec<usize>, Diagnostic)> {
    let mut out = Vec::new();
    let mut by_folded: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (slot, input) in inputs.iter().enumerate() {
        let folded = input.id.as_str().to_lowercase();
        let stem = folded.split('.').next().unwrap_or_default();
        if RESERVED_NAMES.contains(&stem) {
            let message = format!(
                "organization id `{}` is a reserved file name on Windows: its report cannot be written there",
                input.id
            );
            out.push((vec![slot], name_finding(message)));
        }
        by_folded.entry(folded).or_default().push(slot);
    }
    for slots in by_folded.into_values().filter(|s| s.len() > 1) {
        let ids: Vec<String> = slots
            .iter()
            .map(|&s| format!("`{}`", inputs[s].id))
            .collect();
        let message = format!(
            "organization ids {} differ only in case: their reports overwrite each other on \
             case-insensitive file systems (Windows, macOS)",
            ids.join(" and ")
        );
        out.push((slots, name_finding(message)));
    }
    out
}

fn name_finding(message: String) -> Diagnostic {
    Diagnostic::new(
        finding::ORGANIZATION_NAME,
        Severity::Warning,
        message,
        Location::None,
    )
    .with_hint("give each organization a distinct lower-case id that is not a device name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_and_reserved_organization_ids_are_found() {
        let inputs: Vec<OrganizationInput> = ["Lumen", "lumen", "con", "acme"]
            .iter()
            .map(|id| OrganizationInput::new(OrganizationId::new(id).unwrap()))
            .collect();
        let found = organization_names(&inputs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, vec![2]);
        assert_eq!(found[1].0, vec![0, 1]);
        assert!(found[1].1.message.contains("`Lumen` and `lumen`"));
    }

    #[test]
    fn resolves_and_caches_organizations() {
        let mut r = Registry::new(None);
        assert_eq!(r.resolve(Some(b" acme "), true), OrgLookup::Found(0));
        assert_eq!(r.resolve(Some(b"acme"), true), OrgLookup::Found(0));
        assert_eq!(r.resolve(Some(b"beta"), false), OrgLookup::Unknown);
        assert_eq!(r.resolve(Some(b"beta"), true), OrgLookup::Found(1));
        assert_eq!(r.resolve(Some(b"acme"), false), OrgLookup::Found(0));
        assert_eq!(r.resolve(Some(b""), true), OrgLookup::Missing);
        assert!(matches!(
            r.resolve(Some(b"a/b"), true),
            OrgLookup::Invalid(_)
        ));
        assert!(matches!(
            r.resolve(Some(b"\xff"), true),
            OrgLookup::Invalid(_)
        ));
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn default_organization_fills_blanks() {
        let mut r = Registry::new(Some(OrganizationId::new("solo").unwrap()));
        assert_eq!(r.resolve(None, false), OrgLookup::Unknown);
        assert_eq!(r.resolve(None, true), OrgLookup::Found(0));
        assert_eq!(r.resolve(Some(b"solo"), true), OrgLookup::Found(0));
    }

    #[test]
    fn finish_conserves_counts_and_flags_missing_baselines() {
        let mut r = Registry::new(None);
        let OrgLookup::Found(a) = r.resolve(Some(b"a"), true) else {
            panic!()
        };
        let mut t = FileTally::new("c.csv", "customers");
        t.used(a);
        let reject = Diagnostic::new("I112", Severity::Warning, "x", Location::None);
        t.rejected(Some(a), reject.clone());
        t.rejected(None, reject);
        let set = finish(r, vec![t], None);
        let org = &set.organizations[&OrganizationId::new("a").unwrap()];
        assert_eq!(
            (org.data_quality.rows_read(), org.data_quality.rows_used()),
            (2, 1)
        );
        assert_eq!(set.data_quality.rows_read(), 3);
        assert_eq!(set.data_quality.rows_rejected(), 2);
        assert_eq!(org.data_quality.findings.len(), 2);
        assert_eq!(org.data_quality.findings[1].code, finding::MISSING_BASELINE);
        assert_eq!(set.data_quality.findings.len(), 3);
    }
}
