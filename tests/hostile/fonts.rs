//! Fonts (issue 11, item 12): a fallback font file that is missing or no font is a
//! configuration error naming it, and characters no font has are named on stderr.

use crate::{tiny, CONFIG, HARMLESS};

const FALLBACK: &str = "\n[report]\nfallback_fonts = [\"fonts/extra.ttf\"]\n";

#[test]
fn issue_11_a_fallback_font_that_is_missing_or_no_font_is_a_config_error_naming_it() {
    let case = tiny(HARMLESS).file("pmo-advisor.toml", &format!("{CONFIG}{FALLBACK}"));
    let stderr = case.run_with(&["check"]).expect_code(2).stderr();
    assert!(
        stderr.contains("fallback font fonts/extra.ttf: cannot read the file"),
        "{stderr}"
    );
    let case = case.file("fonts/extra.ttf", "plain text, not a font");
    let stderr = case.run_with(&["run"]).expect_code(2).stderr();
    assert!(
        stderr.contains("fallback font fonts/extra.ttf: not a TrueType or OpenType font"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn issue_11_characters_no_font_has_are_named_on_stderr_and_a_fallback_font_draws_them() {
    let path = crate::support::root().join("data/sample/customers.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.replace(
        "We need one schedule view across all sites, updated weekly.",
        "東京 needs one \u{2900} schedule view.",
    );
    let case = tiny(HARMLESS).file("customers.csv", &text);
    let run = case
        .run_with(&["run", "--customers", "customers.csv"])
        .expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("(P002)"), "{stderr}");
    assert!(stderr.contains("U+2900"), "{stderr}");
    assert!(stderr.contains("U+6771 '東'"), "{stderr}");

    // DejaVu Serif has U+2900 (DejaVu Sans has not): configured as a fallback, it draws it.
    std::fs::create_dir_all(case.path().join("fonts")).unwrap();
    std::fs::write(
        case.path().join("fonts/extra.ttf"),
        dejavu::serif::regular(),
    )
    .unwrap();
    let case = case.file("pmo-advisor.toml", &format!("{CONFIG}{FALLBACK}"));
    let run = case
        .run_with(&["run", "--customers", "customers.csv", "--force"])
        .expect_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("U+6771 '東'"), "{stderr}");
    assert!(!stderr.contains("U+2900"), "{stderr}");
}
