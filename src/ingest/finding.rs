//! The stable codes of every ingest error and finding, listed in one place.
//!
//! A code is never reused or renumbered: JSON, SARIF and users' scripts match on it.
//! `I0xx` codes stop the run (an `IngestError`); `I1xx` codes are findings (warnings) that
//! let the run go on. `docs/input-format.md` carries the same table; keep them in step.

/// The file could not be opened or read.
pub const READ: &str = "I001";
/// The file has no header row.
pub const NO_HEADER: &str = "I002";
/// A required column is missing from the header.
pub const MISSING_COLUMN: &str = "I003";
/// Two header cells name the same column.
pub const DUPLICATE_COLUMN: &str = "I004";
/// A catalog cell is malformed, out of range or unknown.
pub const CATALOG_CELL: &str = "I005";
/// The catalog as a whole breaks an invariant (a key missing or listed twice).
pub const CATALOG_GAP: &str = "I006";

/// A header column is not part of the format and is ignored.
pub const UNKNOWN_COLUMN: &str = "I101";
/// A cell is malformed or out of range; it counts as missing.
pub const BAD_VALUE: &str = "I102";
/// A cell names an unknown choice; it counts as missing.
pub const UNKNOWN_CHOICE: &str = "I103";
/// A cell is not valid UTF-8; it was decoded as Windows-1252.
pub const BAD_ENCODING: &str = "I104";
/// A row has more or fewer cells than the header.
pub const ROW_LENGTH: &str = "I105";
/// Row rejected: `respondent_id` is blank.
pub const BLANK_RESPONDENT: &str = "I110";
/// Row rejected: `respondent_id` repeats an earlier row's.
pub const DUPLICATE_RESPONDENT: &str = "I111";
/// Row rejected: no organization (blank cell and no default organization).
pub const MISSING_ORGANIZATION: &str = "I112";
/// Row rejected: the organization id is not valid.
pub const BAD_ORGANIZATION: &str = "I113";
/// Row rejected: `customer_group` is blank.
pub const BLANK_GROUP: &str = "I114";
/// Row rejected: `customer_group` names no known group or alias.
pub const UNKNOWN_GROUP: &str = "I115";
/// Row rejected: `service` is blank or not a service key.
pub const BAD_SERVICE: &str = "I116";
/// Row rejected: the (organization, service) pair repeats an earlier row's.
pub const DUPLICATE_SERVICE: &str = "I117";
/// Row rejected: a service-maturity row names an organization found in no survey.
pub const UNKNOWN_ORGANIZATION: &str = "I118";
/// An organization has no baseline row; its baseline is missing.
pub const MISSING_BASELINE: &str = "I120";
/// An organization has no usable customer-survey response: no report is written for it.
pub const NO_CUSTOMERS: &str = "I121";
/// The mapping does not fit the file (bad regex, required column absent from the export).
pub const MAPPING: &str = "I007";
/// A column the mapping asked for is not in the file; that field is read as missing.
pub const MAPPED_COLUMN_MISSING: &str = "I130";
/// Row rejected: a mapping filter (e.g. finished responses only) refused it.
pub const FILTERED: &str = "I131";
/// Row rejected: the response is incomplete and the mapping rejects incomplete responses.
pub const INCOMPLETE: &str = "I132";
/// A date cell does not match the mapping's format.
pub const BAD_DATE: &str = "I133";
/// A multi-select cell holds text that matches none of the declared options.
pub const UNKNOWN_OPTION: &str = "I134";
/// Several columns of a one-answer group are filled; the answer counts as missing.
pub const AMBIGUOUS_ANSWER: &str = "I135";
/// `incomplete = "reject"` but the export has no completion marker: nothing is rejected.
pub const NO_COMPLETION_MARKER: &str = "I136";

/// A record, or the blank lines before one, runs past the size limit: not a CSV file, or a
/// quote that never closes.
pub const RECORD_TOO_LARGE: &str = "I008";
/// A peer-benchmark cell is malformed, out of range or unknown, or a row repeats another.
pub const BENCHMARK_CELL: &str = "I009";
/// A cell longer than the limit; only its beginning is kept.
pub const LONG_CELL: &str = "I106";
/// A quoted cell absorbed lines that look like records (an unterminated quote).
pub const OPEN_QUOTE: &str = "I107";
/// Two organization ids differ only in case, or one is a reserved file name.
pub const ORGANIZATION_NAME: &str = "I119";

/// Every code with its one-line meaning, in code order (for docs and tests).
pub const ALL: &[(&str, &str)] = &[
    (READ, "the file could not be opened or read"),
    (NO_HEADER, "the file has no header row"),
    (MISSING_COLUMN, "a required column is missing"),
    (DUPLICATE_COLUMN, "two header cells name the same column"),
    (
        CATALOG_CELL,
        "a catalog cell is malformed, out of range or unknown",
    ),
    (CATALOG_GAP, "a catalog key is missing or listed twice"),
    (MAPPING, "the mapping does not fit the file"),
    (
        RECORD_TOO_LARGE,
        "a record (or a run of blank lines) runs past 16 MiB: not a CSV file, or an unterminated quote",
    ),
    (
        BENCHMARK_CELL,
        "a benchmark cell is malformed, out of range or unknown, or a row repeats",
    ),
    (UNKNOWN_COLUMN, "unknown column, ignored"),
    (
        BAD_VALUE,
        "malformed or out-of-range cell, counted as missing",
    ),
    (
        UNKNOWN_CHOICE,
        "unknown choice in a cell, counted as missing",
    ),
    (
        BAD_ENCODING,
        "cell not valid UTF-8, decoded as Windows-1252",
    ),
    (ROW_LENGTH, "row has more or fewer cells than the header"),
    (LONG_CELL, "cell longer than 8 KiB, cut"),
    (
        OPEN_QUOTE,
        "a quoted cell absorbed lines that look like records",
    ),
    (BLANK_RESPONDENT, "row rejected: blank respondent_id"),
    (
        DUPLICATE_RESPONDENT,
        "row rejected: duplicate respondent_id",
    ),
    (MISSING_ORGANIZATION, "row rejected: no organization"),
    (BAD_ORGANIZATION, "row rejected: invalid organization id"),
    (BLANK_GROUP, "row rejected: blank customer_group"),
    (UNKNOWN_GROUP, "row rejected: unknown customer_group"),
    (BAD_SERVICE, "row rejected: blank or unknown service"),
    (
        DUPLICATE_SERVICE,
        "row rejected: duplicate organization and service",
    ),
    (
        UNKNOWN_ORGANIZATION,
        "row rejected: organization in no survey",
    ),
    (
        ORGANIZATION_NAME,
        "organization ids differ only in case, or one is a reserved file name",
    ),
    (MISSING_BASELINE, "organization has no baseline"),
    (
        NO_CUSTOMERS,
        "organization has no usable customer response: no report",
    ),
    (
        MAPPED_COLUMN_MISSING,
        "a column the mapping asks for is not in the file",
    ),
    (FILTERED, "row rejected: refused by a mapping filter"),
    (INCOMPLETE, "row rejected: incomplete response"),
    (BAD_DATE, "date does not match the mapping's format"),
    (
        UNKNOWN_OPTION,
        "multi-select text matches no declared option",
    ),
    (
        AMBIGUOUS_ANSWER,
        "several columns of a one-answer group are filled",
    ),
    (
        NO_COMPLETION_MARKER,
        "incomplete = \"reject\" but no completion marker: nothing rejected",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        for pair in ALL.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }
}
