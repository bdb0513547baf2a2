//! A fixed one-line description of every diagnostic code, for SARIF's rule list (a rule is
//! described by what it checks, never by the first message that happened to use its code).
//! The lines follow the doc comments of the codes' constants in each stage.

/// (code, description), sorted by code.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("C001", "The configuration (file or flags) is invalid."),
    ("C002", "Data-quality findings under --strict: no report was written."),
    ("C003", "An output file cannot be written."),
    ("C004", "The period already holds results made from other inputs (--force replaces them)."),
    ("C005", "A file cannot be read."),
    ("C006", "Earlier results under the reports root are unusable."),
    ("C007", "Another run holds the reports root."),
    ("C010", "An input was taken from the config file while others came from flags."),
    ("C011", "--organization was ignored because a mapping sets the organization."),
    ("C020", "An organization, group or service named on the command line is unknown."),
    ("C021", "A --set what-if names an unknown input path or gives a value of the wrong type."),
    ("I001", "The file could not be opened or read."),
    ("I002", "The file has no header row."),
    ("I003", "A required column is missing from the header."),
    ("I004", "Two header cells name the same column."),
    ("I005", "A catalog cell is malformed, out of range or unknown."),
    ("I006", "The catalog as a whole breaks an invariant (a key missing or listed twice)."),
    ("I007", "The mapping does not fit the file (bad regex, required column absent from the export)."),
    ("I008", "A record (or a run of blank lines) runs past the size limit: not a CSV file, or a quote that never closes."),
    ("I009", "A peer-benchmark cell is malformed, out of range or unknown, or a row repeats another."),
    ("I101", "A header column is not part of the format and is ignored."),
    ("I102", "A cell is malformed or out of range; it counts as missing."),
    ("I103", "A cell names an unknown choice; it counts as missing."),
    ("I104", "A cell is not valid UTF-8; it was decoded as Windows-1252."),
    ("I105", "A row has more or fewer cells than the header."),
    ("I106", "A cell longer than the limit; only its beginning is kept."),
    ("I107", "A quoted cell absorbed lines that look like records (an unterminated quote)."),
    ("I110", "Row rejected: `respondent_id` is blank."),
    ("I111", "Row rejected: `respondent_id` repeats an earlier row's."),
    ("I112", "Row rejected: no organization (blank cell and no default organization)."),
    ("I113", "Row rejected: the organization id is not valid."),
    ("I114", "Row rejected: `customer_group` is blank."),
    ("I115", "Row rejected: `customer_group` names no known group or alias."),
    ("I116", "Row rejected: `service` is blank or not a service key."),
    ("I117", "Row rejected: the (organization, service) pair repeats an earlier row's."),
    ("I118", "Row rejected: a service-maturity row names an organization found in no survey."),
    ("I119", "Two organization ids differ only in case, or one is a reserved file name."),
    ("I120", "An organization has no baseline row; its baseline is missing."),
    ("I121", "An organization has no usable customer-survey response: it gets no report."),
    ("I130", "A column the mapping asked for is not in the file; that field is read as missing."),
    ("I131", "Row rejected: a mapping filter (e.g. finished responses only) refused it."),
    ("I132", "Row rejected: the response is incomplete and the mapping rejects incomplete responses."),
    ("I133", "A date cell does not match the mapping's format."),
    ("I134", "A multi-select cell holds text that matches none of the declared options."),
    ("I135", "Several columns of a one-answer group are filled; the answer counts as missing."),
    ("I136", "`incomplete = \"reject\"` but the export has no completion marker: nothing is rejected."),
    ("I140", "An earlier result file cannot be parsed."),
    ("I141", "An earlier result file holds a value that cannot be used."),
    ("I142", "An earlier period lists the same organization twice."),
    ("I143", "An earlier period no longer matches its manifest."),
    ("L001", "Unknown service, outcome, group, approach or other key in a literal passed to the host API."),
    ("L002", "Unknown field of `org`, `org.baseline`, a group or `params`."),
    ("L003", "A rule that can never fire (a condition on constants)."),
    ("L004", "A service no rule ever prioritizes."),
    ("L005", "A variable that shadows another."),
    ("L006", "A blank reason."),
    ("L007", "An unknown decision table, or a table input or output that does not fit the call."),
    ("L008", "A number compared with or added to text (or true/false), on input fields of known types."),
    ("L009", "A call of a function that does not exist, or with a wrong number of arguments."),
    ("P001", "A report cannot be rendered."),
    ("P002", "Characters no embedded font can draw were printed as `?`."),
    ("R001", "The rules folder cannot be read or holds no script."),
    ("R002", "A script file cannot be read or is not UTF-8."),
    ("R010", "Syntax error."),
    ("R011", "A variable is used before it is defined (strict variables)."),
    ("R012", "A forbidden or reserved symbol (`eval`, …)."),
    ("R020", "Import outside the rules folder, or of a missing or broken module."),
    ("R030", "Runtime error in a script."),
    ("R031", "A missing map property (scripts must spell every field exactly)."),
    ("R032", "A function that does not exist (or not with these argument types)."),
    ("R033", "A script called `throw`."),
    ("R040", "A host function got an unknown key or a bad value."),
    ("R050", "The operation budget was exceeded."),
    ("R051", "The wall-clock budget was exceeded."),
    ("R052", "Too many nested calls."),
    ("R053", "An expression nested too deeply."),
    ("R054", "A string, array or map grew past its limit."),
    ("R055", "Too many modules imported."),
    ("R056", "The evaluation's memory budget was exceeded."),
    ("R060", "A decision table cannot be read or parsed."),
    ("R061", "A combination no row covers (under `first` and `unique`)."),
    ("R062", "Two rows match the same inputs under `unique`."),
    ("R063", "A row that can never match, or never comes first under `first`."),
    ("R071", "`[rules.params]` or a test case sets a param that no rule declares."),
    ("R072", "A param value outside the range its declaration gives."),
];

/// What the diagnostic code checks, in one line.
pub fn describe(code: &str) -> Option<&'static str> {
    DESCRIPTIONS
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| DESCRIPTIONS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_described() {
        assert!(DESCRIPTIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(DESCRIPTIONS
            .iter()
            .all(|(_, d)| d.ends_with('.') && !d.is_empty()));
        assert_eq!(
            describe("L009"),
            Some("A call of a function that does not exist, or with a wrong number of arguments.")
        );
        assert_eq!(describe("X999"), None);
    }

    /// Every code literal in the sources (`"R071"`, `"I102"`, …) is described, so a new code
    /// cannot reach a SARIF log without a description.
    #[test]
    fn every_code_in_the_sources_is_described() {
        fn visit(dir: &std::path::Path, missing: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, missing);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for part in text.split('"').skip(1).step_by(2) {
                    let b = part.as_bytes();
                    let is_code = b.len() == 4
                        && b"CILPR".contains(&b[0])
                        && b[1..].iter().all(u8::is_ascii_digit);
                    if is_code && describe(part).is_none() {
                        missing.push(format!("{} in {}", part, path.display()));
                    }
                }
            }
        }
        let mut missing = Vec::new();
        visit(std::path::Path::new("src"), &mut missing);
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
