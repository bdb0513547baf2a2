//! The canonical customer survey read on every core (issue 16): blocks of whole records are
//! parsed and checked in parallel, then applied in file order by one sequential step, so the
//! result is exactly the sequential reader's (same findings in the same order, same rows and
//! lines, same duplicate detection, same aggregates and counts).
//!
//! Workers turn a block into compact rows: a row that is clean (every cell parses, known
//! group, ASCII id, right length) carries its parsed answers; any other row is replayed in
//! the apply step through the sequential `read_row`, which writes its findings. Anything the
//! sequential reader reports on its own (cut cells, open quotes, invalid UTF-8, a record too
//! long) makes the file irregular: the registry is reset and the file read sequentially.
//! Small files, spreadsheets and other encodings never take this path.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use csv::{ByteRecord, Position};
use rayon::prelude::*;

use crate::ingest::block_records::{BlockRecords, CellStore, Cells, Record, TooWide};
use crate::ingest::cell::{parse_likert, parse_nps};
use crate::ingest::customer_blocks::{Block, Blocks, Next};
use crate::ingest::customer_columns::{respondent_from, Columns, LIKERT_SLOTS};
use crate::ingest::customers::{add_respondent, read_row};
use crate::ingest::group_labels::GroupLabels;
use crate::ingest::guard::MAX_CELL_BYTES;
use crate::ingest::header::Header;
use crate::ingest::input_hash::Hashing;
use crate::ingest::lexicon::Lexicon;
use crate::ingest::reader::{decode, CsvInput, ReadOptions, RecordReader, HEAD_BYTES};
use crate::ingest::record::placed_line;
use crate::ingest::registry::{FileTally, OrgLookup, Registry};
use crate::ingest::respondent_ids::{IdKey, RespondentIds};
use crate::ingest::sheet;
use crate::ingest::IngestOptions;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::scale::Likert;
use crate::model::survey::Respondent;
use crate::model::themes::CommentThemes;

/// Bytes per block: a few thousand rows, enough to amortise a task, small enough that the
/// blocks in flight (four per thread) stay a few tens of MB.
pub(crate) const BLOCK_BYTES: usize = 256 * 1024;

/// How many rows ahead the apply step prefetches a row's id slot: enough for a memory access
/// to arrive while the rows in between are applied (each takes about as long).
const PREFETCH_ROWS_AHEAD: usize = 8;

/// Why the block reader stopped before the end.
enum Stop {
    /// Something only the sequential reader reports: start again sequentially.
    Irregular,
}

/// Reads `path` on every core when it is a large UTF-8 text file, `None` when it must be read
/// sequentially (small, a spreadsheet, another encoding, irregular, or any error, which the
/// sequential reader then reports). `registry` is left as it was found when `None`.
pub(crate) fn read_customers(
    path: &Path,
    (catalog, options): (&Catalog, &IngestOptions),
    registry: &mut Registry,
    block: usize,
) -> Option<FileTally> {
    let threads = rayon::current_num_threads();
    let size = std::fs::metadata(path).ok()?.len();
    if threads < 2 || size < 4 * block as u64 || sheet::is_spreadsheet(path) || registry.len() > 0 {
        return None;
    }
    let tally = read(path, (catalog, options), registry, (block, 2 * threads));
    if tally.is_none() {
        registry.reset();
    }
    // The workers freed their blocks on their own threads, and an idle thread's heap keeps
    // what it freed resident: given back now, the other files are read without it. At
    // 5,000 x 200 that was 21 MB, and the baseline's tallies on top made the run's peak
    // (issue 16).
    rayon::broadcast(|_| crate::alloc::release_free_memory());
    crate::alloc::release_free_memory();
    tally
}

/// What the workers share: the header and how to read a row.
struct Shape<'a> {
    header: &'a Header,
    columns: &'a Columns,
    labels: &'a GroupLabels,
    delimiter: u8,
    /// Whether lines end in a bare line feed rather than CR LF (`record::place_line`).
    lf_ends: bool,
    /// The catalog's lexicon, which workers read comments against.
    lexicon: &'a Lexicon<'a>,
}

fn read(
    path: &Path,
    (catalog, options): (&Catalog, &IngestOptions),
    registry: &mut Registry,
    (block, batch): (usize, usize),
) -> Option<FileTally> {
    let name = path.display().to_string();
    let file = File::open(path).ok()?;
    let file_bytes = file.metadata().map_or(0, |m| m.len());
    let mut file = Hashing::new(file);
    let tap = file.tap();
    // The sequential reader sniffs encoding and delimiter from the same head bytes.
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .ok()?;
    let records = RecordReader::new(name, Cursor::new(&head[..]), &ReadOptions::default()).ok()?;
    let mut input = CsvInput::from_records(records).ok()?;
    let (delimiter, encoding, drops_cells) = input.shape();
    let (header_end, header_records) = input.next_record();
    let bom = if encoding.bom { 3 } else { 0 };
    let stream_head = &head[bom..];
    // The header must end inside the head (more bytes follow it), in plain UTF-8, with no
    // trailing unnamed columns (whose empty cells the sequential reader drops).
    let regular = encoding.is_utf8() && !encoding.configured && !drops_cells;
    if !regular || header_end >= stream_head.len() as u64 || header_records != 1 {
        return None;
    }
    let header = input.header().clone();
    let mut tally = FileTally::new(header.file(), "customers");
    let columns = Columns::resolve(&header, registry.has_default(), &mut tally).ok()?;
    let labels = GroupLabels::new(catalog, options);
    let lexicon = Lexicon::new(catalog.themes());
    let shape = Shape {
        header: &header,
        columns: &columns,
        labels: &labels,
        delimiter,
        lf_ends: input.lf_ends(),
        lexicon: &lexicon,
    };
    let header_end = header_end as usize;
    let lines = memchr::memchr_iter(b'\n', &stream_head[..header_end]).count() as u64;
    let rest = stream_head[header_end..].to_vec();
    let mut blocks = Blocks::new((rest, file), (header_end as u64, lines), block, delimiter);
    let mut apply = Apply {
        registry,
        tally: &mut tally,
        seen: RespondentIds::expecting(rows_estimate(
            file_bytes,
            &stream_head[header_end..],
            header.len(),
        )),
        records_before: 1,
        shape: &shape,
    };
    // Parse one batch while the previous one is applied and the next one read.
    let mut to_parse = read_batch(&mut blocks, batch).ok()?;
    let mut to_apply: Vec<Parsed> = Vec::new();
    while !(to_parse.is_empty() && to_apply.is_empty()) {
        let (parsed, next) = rayon::join(
            || {
                to_parse
                    .into_par_iter()
                    .map(|b| parse(b, &shape))
                    .collect::<Vec<_>>()
            },
            || {
                for mut block in std::mem::take(&mut to_apply) {
                    apply.block(&mut block)?;
                }
                read_batch(&mut blocks, batch)
            },
        );
        to_parse = next.ok()?;
        to_apply = parsed;
    }
    drop(apply);
    // Header findings of the reader (cut cells, open quotes), as the sequential reader adds.
    for finding in input.take_findings() {
        tally.finding(None, finding);
    }
    tally.hashed(tap.finish(header.file()));
    Some(tally)
}

/// Most ids the table is sized for ahead (16.8 million: 250 MB of slots, which the system
/// commits only as they fill); a larger file grows the table as it goes.
const MAX_IDS_AHEAD: u64 = 1 << 24;

/// About how many rows a file of `file_bytes` holds, from the lines of its first bytes after
/// the header (a quoted line break only makes it more). Bounded: a file that starts with
/// blank lines (or is made to look that way) must not size the table for billions of rows,
/// and a row with an id has at least `width` bytes (its delimiters and line end).
fn rows_estimate(file_bytes: u64, sample: &[u8], width: usize) -> u64 {
    let lines = memchr::memchr_iter(b'\n', sample).count() as u64;
    if lines == 0 {
        return 0;
    }
    let by_lines = file_bytes.saturating_mul(lines) / sample.len() as u64;
    by_lines
        .min(file_bytes / width.max(1) as u64)
        .min(MAX_IDS_AHEAD)
}

fn read_batch<R: Read>(blocks: &mut Blocks<R>, batch: usize) -> Result<Vec<Block>, Stop> {
    let mut out = Vec::with_capacity(batch);
    while out.len() < batch {
        match blocks.next_block() {
            Next::Block(b) => out.push(b),
            Next::End => break,
            Next::Irregular => return Err(Stop::Irregular),
        }
    }
    Ok(out)
}

/// One block parsed: its cells, and the non-blank records.
struct Parsed {
    cells: CellStore,
    rows: Vec<Row>,
    /// Records in the block, blank ones included (they are numbered too).
    records: u64,
    /// Something only the sequential reader reports.
    irregular: bool,
}

/// One non-blank record of a block.
struct Row {
    /// Its record number within the block (0-based).
    record: u64,
    line: u64,
    byte: u64,
    cells: Cells,
    /// The parsed row, when clean; `None` replays it through `read_row`.
    clean: Option<Clean>,
}

/// A row every check passed but those that need the registry or earlier rows.
struct Clean {
    /// The respondent id's key, taken by the worker: the sequential step prefetches its slot.
    id: IdKey,
    group: CustomerGroup,
    respondent: Respondent,
    /// The comment's themes, read by the worker (the sequential step only records them).
    shown: Option<CommentThemes>,
}

impl Parsed {
    fn cell(&self, row: &Row, index: usize) -> &[u8] {
        self.cells.cell(row.cells, index)
    }

    /// The row as the sequential reader would hand it out, numbered `record` in the file.
    fn record(&self, row: &Row, record: u64) -> ByteRecord {
        let mut out = ByteRecord::new();
        for cell in self.cells.cells(row.cells) {
            out.push_field(cell);
        }
        let mut position = Position::new();
        position
            .set_byte(row.byte)
            .set_line(row.line)
            .set_record(record);
        out.set_position(Some(position));
        out
    }
}

fn irregular() -> Parsed {
    Parsed {
        cells: CellStore::default(),
        rows: Vec::new(),
        records: 0,
        irregular: true,
    }
}

/// Parses and checks one block (a worker's task).
fn parse(block: Block, shape: &Shape<'_>) -> Parsed {
    // Invalid UTF-8 is reported by the sequential reader with byte offsets.
    // A fresh parser would also drop a byte-order mark at the start of a block.
    if std::str::from_utf8(&block.bytes).is_err()
        || block.bytes.starts_with(b"\xef\xbb\xbf")
        || block.bytes.len() >= (u32::MAX / 2) as usize
    {
        return irregular();
    }
    let width = shape.header.len();
    // Room for every record at once: a block holds about a thousand rows, and growing the
    // rows by doubling (each about 140 bytes) was 7% of ingest's time, copies and page faults.
    // A line per record at most (a quoted line break makes fewer records), and a full-width
    // row takes at least a byte per cell: blank lines must not size it for rows never kept.
    let lines = memchr::memchr_iter(b'\n', &block.bytes).count() + 1;
    let records = lines.min(block.bytes.len() / width.max(1) + 1);
    let (offset, lines_before) = (block.offset, block.lines_before);
    let mut reader = BlockRecords::new(block.bytes, shape.delimiter, width, records * width);
    let mut rows = Vec::with_capacity(records);
    let mut count = 0;
    loop {
        let record = match reader.next_record() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(TooWide) => return irregular(),
        };
        count += 1;
        if !regular(&record, reader.store(), width) {
            return irregular();
        }
        if record.blank {
            reader.drop_last(&record);
            continue;
        }
        let line = placed_line(
            (record.line, record.end_line),
            record.inside_lines,
            shape.lf_ends,
        );
        rows.push(Row {
            record: record.number,
            line: lines_before + line,
            byte: offset + record.byte,
            cells: record.cells,
            clean: clean((reader.store(), record.cells), shape),
        });
    }
    Parsed {
        cells: reader.into_store(),
        rows,
        records: count,
        irregular: false,
    }
}

/// Whether the sequential reader would add no finding of its own for `record` (`guard`):
/// no record wider than the header (`BlockRecords` said so: that changes `open_quote`'s
/// width), no line break in a record of the wrong length, no last cell ending in a line
/// break, no cut cell.
fn regular(record: &Record, cells: &CellStore, width: usize) -> bool {
    let long = || {
        cells.extent(record.cells) > MAX_CELL_BYTES
            && cells.cells(record.cells).any(|c| c.len() > MAX_CELL_BYTES)
    };
    !record.ends_in_break && (record.cells.len() == width || record.inside_lines == 0) && !long()
}

/// The row's answers when no cell needs a finding; `None` sends it through `read_row`.
fn clean((store, cells): (&CellStore, Cells), shape: &Shape<'_>) -> Option<Clean> {
    let columns = shape.columns;
    if cells.len() != shape.header.len() {
        return None;
    }
    let row = store.row(cells);
    let cell = |index| row.get(index);
    let id = cell(columns.respondent_id).trim_ascii();
    if id.is_empty() || !id.is_ascii() {
        return None;
    }
    let group_raw = cell(columns.customer_group);
    let group = match shape.labels.find_bytes(group_raw) {
        Some(group) => group,
        None => shape.labels.find(&decode(group_raw).0)?,
    };
    let mut answers = [None; LIKERT_SLOTS];
    for &(i, target) in &columns.likert {
        let bytes = cell(i);
        // The common cells, a digit or nothing, without the full parse's call.
        answers[target] = match bytes {
            [digit @ b'1'..=b'5'] => Likert::new(digit - b'0'),
            [] => None,
            _ => parse_likert(bytes).ok()?,
        };
    }
    let mut respondent = respondent_from(&answers);
    if let Some(i) = columns.nps {
        respondent.nps = parse_nps(cell(i)).ok()?;
    }
    let shown = columns
        .comment
        .and_then(|i| comment_text(cell(i)))
        .and_then(|c| shape.lexicon.read(c));
    Some(Clean {
        id: IdKey::of(id),
        group,
        respondent,
        shown,
    })
}

/// A comment cell as both the worker (for its themes) and the sequential step (for the text
/// kept) read it: trimmed, `None` when blank (blocks are valid UTF-8, checked by the worker,
/// and so is every cell of them).
fn comment_text(raw: &[u8]) -> Option<&str> {
    std::str::from_utf8(raw.trim_ascii())
        .ok()
        .filter(|text| !text.is_empty())
}

/// The sequential step: applies parsed blocks in file order.
struct Apply<'a, 's> {
    registry: &'a mut Registry,
    tally: &'a mut FileTally,
    seen: RespondentIds,
    /// Records before the next block, the header included.
    records_before: u64,
    shape: &'a Shape<'s>,
}

impl Apply<'_, '_> {
    fn block(&mut self, parsed: &mut Parsed) -> Result<(), Stop> {
        if parsed.irregular {
            return Err(Stop::Irregular);
        }
        let columns = self.shape.columns;
        for at in 0..parsed.rows.len() {
            // The id check is a cache miss per row: start the one a few rows ahead now.
            if let Some(ahead) = parsed.rows.get(at + PREFETCH_ROWS_AHEAD) {
                if let Some(clean) = &ahead.clean {
                    self.seen.prefetch(clean.id);
                }
            }
            // The clean part is moved into the aggregates, not copied.
            let clean = parsed.rows[at].clean.take();
            let (parsed, row) = (&*parsed, &parsed.rows[at]);
            let record = self.records_before + row.record;
            let clean = clean.and_then(|clean| {
                let org = columns.organization.map(|i| parsed.cell(row, i));
                match self.registry.resolve(org, true) {
                    OrgLookup::Found(slot) => Some((slot, clean)),
                    _ => None,
                }
            });
            let kept = clean.and_then(|(slot, clean)| {
                // A repeated id goes to `read_row`, whose lookup names the same first row.
                self.seen
                    .first_row_keyed(clean.id, record + 1)
                    .is_none()
                    .then_some((slot, clean))
            });
            match kept {
                Some((slot, clean)) => self.add(parsed, row, slot, clean),
                None => read_row(
                    (&parsed.record(row, record), &[]),
                    self.shape.header,
                    columns,
                    (self.shape.labels, self.shape.lexicon),
                    &mut self.seen,
                    self.registry,
                    self.tally,
                ),
            }
        }
        self.records_before += parsed.records;
        Ok(())
    }

    fn add(&mut self, parsed: &Parsed, row: &Row, slot: usize, clean: Clean) {
        let comment = (self.shape.columns.comment).and_then(|i| comment_text(parsed.cell(row, i)));
        add_respondent(
            (self.registry, self.tally),
            (slot, clean.group),
            clean.respondent,
            (comment, clean.shown),
        );
    }
}

#[cfg(test)]
mod tests;
