//! Hostile survey inputs (issue 11, items 5, 8 and 10): an endless file, huge cells, and an
//! unterminated quote that swallowed the following records or the end of the file.

use std::time::{Duration, Instant};

use crate::{assert_short_lines, tiny, HARMLESS};

/// The sample customer survey's header and first `rows` rows.
fn sample_rows(rows: usize) -> Vec<String> {
    let text =
        std::fs::read_to_string(crate::support::root().join("data/sample/customers.csv")).unwrap();
    text.lines().take(rows + 1).map(str::to_string).collect()
}

#[cfg(unix)]
#[test]
fn issue_11_an_endless_input_is_an_input_error() {
    let started = Instant::now();
    let run = tiny(HARMLESS)
        .args(["check", "--customers", "/dev/zero"])
        .run()
        .expect_code(4);
    let stderr = run.stderr();
    assert!(stderr.contains("I008"), "{stderr}");
    assert!(stderr.contains("runs past 16 MiB"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_run_of_blank_lines_past_the_limit_is_named_as_such() {
    // 17 MiB of empty lines between the header and the first row: the parser skips blank
    // lines while it looks for the next record, so they count toward it; the message must not
    // blame a quote.
    let rows = sample_rows(1);
    let text = format!("{}\n{}{}\n", rows[0], "\n".repeat(17 << 20), rows[1]);
    let case = tiny(HARMLESS).file("padded.csv", &text);
    let run = case
        .run_with(&["check", "--customers", "padded.csv"])
        .expect_code(4);
    let stderr = run.stderr();
    assert!(stderr.contains("I008"), "{stderr}");
    assert!(
        stderr.contains("more than 16 MiB of blank lines follow the previous record"),
        "{stderr}"
    );
    assert!(!stderr.contains("quote"), "{stderr}");
}

#[test]
fn issue_11_huge_cells_are_cut_and_never_echoed_whole() {
    let mut rows = sample_rows(3);
    let mut cells: Vec<String> = rows[1].split(',').map(str::to_string).collect();
    cells[4] = "y".repeat(5_000_000);
    let last = cells.len() - 1;
    cells[last] = format!("\"{}\"", "x".repeat(5_000_000));
    rows[1] = cells.join(",");
    let case = tiny(HARMLESS).file("big.csv", &(rows.join("\n") + "\n"));
    let started = Instant::now();
    let run = case
        .run_with(&["check", "--customers", "big.csv", "--format", "json"])
        .expect_code(0);
    assert!(started.elapsed() < Duration::from_secs(30));
    let stdout = run.stdout();
    assert!(
        stdout.contains("I106"),
        "{}",
        &stdout[..stdout.len().min(3000)]
    );
    assert!(stdout.len() < 200_000, "{} bytes of JSON", stdout.len());
    let run = case
        .run_with(&["check", "--customers", "big.csv"])
        .expect_code(0);
    assert_short_lines(&run.stderr(), 1_200);
}

/// `check`'s stderr for a customer file of `rows`, which must hold an I107.
fn quote_findings(rows: &[String]) -> String {
    let run = tiny(HARMLESS)
        .file("quote.csv", &(rows.join("\n") + "\n"))
        .args(["check", "--customers", "quote.csv"])
        .run()
        .expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("I107"), "{stderr}");
    stderr
}

#[test]
fn issue_11_an_unterminated_quote_is_reported_with_row_line_and_lines_absorbed() {
    let mut rows = sample_rows(10);
    let mut cells: Vec<String> = rows[3].split(',').map(str::to_string).collect();
    cells[3] = format!("\"{}", cells[3]);
    rows[3] = cells.join(",");
    let stderr = quote_findings(&rows);
    assert!(
        stderr.contains("a quoted cell opens at row 4, line 4 and absorbs the next"),
        "{stderr}"
    );
}

#[test]
fn issue_11_an_unterminated_quote_on_the_last_record_is_named() {
    // With no record after it to absorb, the quote used to show only as I105 (too few cells).
    let mut rows = sample_rows(10);
    let last = rows.len() - 1;
    rows[last] = format!("\"{}", rows[last]);
    let stderr = quote_findings(&rows);
    assert!(
        stderr.contains(
            "a quoted cell opens at row 10, line 11 and is still open at the end of the file"
        ),
        "{stderr}"
    );
}

#[test]
fn issue_11_colliding_and_reserved_organization_ids_get_a_finding() {
    let mut rows = sample_rows(6);
    for (index, id) in [(2, "Lumen-software"), (3, "con")] {
        let mut cells: Vec<String> = rows[index].split(',').map(str::to_string).collect();
        cells[1] = id.to_string();
        rows[index] = cells.join(",");
    }
    let run = tiny(HARMLESS)
        .file("ids.csv", &(rows.join("\n") + "\n"))
        .args(["check", "--customers", "ids.csv"])
        .run()
        .expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("I119"), "{stderr}");
    assert!(
        stderr.contains("`Lumen-software` and `lumen-software` differ only in case"),
        "{stderr}"
    );
    assert!(
        stderr.contains("organization id `con` is a reserved file name"),
        "{stderr}"
    );
}
