//! Issue 11, item 12: text in any script reaches the PDF. Greek, Cyrillic and Polish names are
//! drawn from DejaVu Sans (no `?`), characters no font has are named in a finding (P002), and
//! a configured fallback font supplies what DejaVu Sans lacks, each font subset to the
//! characters the report shows. The PDF is parsed back with lopdf, as in `report_pdf.rs`.

mod report_support;

use pmo_advisor::model::survey::OrganizationInput;
use pmo_advisor::report::{FallbackFont, Paper, PdfOutput, Renderer};
use report_support::{all_text, catalog, contains, context, input, recommendation};

const NAME: &str = "Ωμέγα Дмитрий Łódź Energy";
const COMMENT: &str = "Дмитрий from Łódź: the Ωμέγα programme needs one weekly status view";

/// The fixture organization with `name` and one more comment from its first group.
fn input_with(name: &str, comment: &str) -> OrganizationInput {
    let mut input = input();
    if let Some(baseline) = input.baseline.as_mut() {
        baseline.organization_name = Some(name.to_string());
    }
    let first = input.groups.keys().next().copied().unwrap();
    input
        .groups
        .get_mut(&first)
        .unwrap()
        .comments
        .push(comment.into());
    input
}

fn render(renderer: &Renderer, input: &OrganizationInput) -> PdfOutput {
    let catalog = catalog();
    let rec = recommendation(&catalog);
    renderer
        .render_pdf_with_warnings(&context(&catalog, Paper::A4), input, &rec)
        .unwrap()
}

/// The embedded fonts' names and program sizes.
fn embedded_fonts(doc: &lopdf::Document) -> Vec<(String, usize)> {
    let mut fonts = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let name = dict.get(b"FontName").unwrap().as_name().unwrap();
        let program = doc
            .get_object(dict.get(b"FontFile2").unwrap().as_reference().unwrap())
            .unwrap();
        let size = program
            .as_stream()
            .unwrap()
            .decompressed_content()
            .unwrap()
            .len();
        fonts.push((String::from_utf8_lossy(name).to_string(), size));
    }
    fonts.sort();
    fonts
}

#[test]
fn issue_11_greek_cyrillic_and_polish_text_survives_in_the_pdf() {
    let renderer = Renderer::new();
    let out = render(&renderer, &input_with(NAME, COMMENT));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
    let text = all_text(&doc);
    for needle in [NAME, COMMENT, "Ωμέγα", "Дмитрий", "Łódź"] {
        assert!(contains(&text, needle), "missing {needle:?}");
    }
    // No character was replaced: as many `?` as in the same report with Latin text.
    let latin = render(
        &renderer,
        &input_with(
            "Omega Dmitry Lodz Energy",
            "Dmitry from Lodz: the Omega programme needs one weekly status view",
        ),
    );
    let latin_text = all_text(&lopdf::Document::load_mem(&latin.bytes).unwrap());
    assert_eq!(text.matches('?').count(), latin_text.matches('?').count());
    // The common subset of each face, plus this document's Greek, Cyrillic and Polish glyphs.
    let fonts = embedded_fonts(&doc);
    assert!(
        fonts.iter().any(|(name, _)| name == "DJVXRG+DejaVuSans"),
        "{fonts:?}"
    );
    assert!(fonts.iter().all(|(_, size)| *size < 200_000), "{fonts:?}");
    assert!(
        !embedded_fonts(&lopdf::Document::load_mem(&latin.bytes).unwrap())
            .iter()
            .any(|(name, _)| name.starts_with("DJVX")),
        "a Latin report needs no extra font"
    );
}

#[test]
fn issue_11_a_report_s_bytes_depend_only_on_its_own_text() {
    let plain = input();
    let greek = input_with(NAME, COMMENT);
    let renderer = Renderer::new();
    let first = render(&renderer, &plain).bytes;
    let greek_bytes = render(&renderer, &greek).bytes;
    assert_eq!(render(&renderer, &plain).bytes, first);
    assert_eq!(render(&Renderer::new(), &greek).bytes, greek_bytes);
    assert_eq!(render(&renderer, &greek).bytes, greek_bytes);
}

#[test]
fn issue_11_characters_no_font_has_are_named_in_a_finding() {
    let out = render(
        &Renderer::new(),
        &input_with(NAME, "東京 office wants a weekly view"),
    );
    let [warning] = &out.warnings[..] else {
        panic!("{:?}", out.warnings)
    };
    assert!(warning.contains("(P002)"), "{warning}");
    assert!(warning.contains("U+4EAC '京'"), "{warning}");
    assert!(warning.contains("U+6771 '東'"), "{warning}");
    let text = all_text(&lopdf::Document::load_mem(&out.bytes).unwrap());
    // Replaced visibly, and listed in the data-quality appendix.
    assert!(contains(&text, "?? office wants a weekly view"));
    assert!(contains(&text, "P002"));
    assert!(contains(&text, "U+4EAC"));
    assert!(contains(&text, "U+6771"));
    assert!(contains(&text, NAME), "the rest of the text is untouched");
}

#[test]
fn issue_11_a_byte_order_mark_inside_a_comment_is_invisible() {
    let out = render(
        &Renderer::new(),
        &input_with(
            "Northwind Energy Ltd",
            "\u{FEFF}Weekly status, \u{FEFF}please",
        ),
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert!(contains(&all_text(&doc), "Weekly status, please"));
    assert!(
        !embedded_fonts(&doc)
            .iter()
            .any(|(name, _)| name.starts_with("DJVX")),
        "no extra font for an invisible mark"
    );
}

#[test]
fn issue_11_a_fallback_font_supplies_what_dejavu_sans_lacks() {
    // No CJK font is available offline, so DejaVu Serif stands in: it has arrows that DejaVu
    // Sans lacks (U+2900, U+2901), which take the same path as CJK characters would.
    let comment = "escalate \u{2900} then \u{2901} to the board";
    let without = render(&Renderer::new(), &input_with(NAME, comment));
    assert!(
        without.warnings.iter().any(|w| w.contains("U+2900")),
        "{:?}",
        without.warnings
    );

    let serif = FallbackFont::parse("DejaVuSerif.ttf", dejavu::serif::regular().to_vec()).unwrap();
    let renderer = Renderer::with_fallback_fonts(vec![serif]);
    let out = render(&renderer, &input_with(NAME, comment));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
    let text = all_text(&doc);
    assert!(contains(&text, comment), "missing {comment:?}");
    assert!(contains(&text, NAME));
    let fonts = embedded_fonts(&doc);
    let (_, size) = fonts
        .iter()
        .find(|(name, _)| name.starts_with("FBKAAA+DejaVuSerif"))
        .unwrap_or_else(|| panic!("no fallback font embedded: {fonts:?}"));
    assert!(*size < 20_000, "fallback font not subset: {size} bytes");
    assert_eq!(
        render(&renderer, &input_with(NAME, comment)).bytes,
        out.bytes
    );
}

/// Prints the cost of a document's own fonts; run with
/// `cargo test --release --test report_fonts -- --ignored --nocapture`.
#[test]
#[ignore]
fn pdf_writing_speed_with_extra_glyphs() {
    let catalog = catalog();
    let rec = recommendation(&catalog);
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let reps = 100;
    for (label, input) in [("latin", input()), ("greek", input_with(NAME, COMMENT))] {
        let list = renderer.layout(&ctx, &input, &rec);
        let backend = pmo_advisor::report::backend::pdf::PdfBackend::new(&[]).unwrap();
        let start = std::time::Instant::now();
        let mut size = 0;
        for _ in 0..reps {
            size = backend.render(&list).unwrap().len();
        }
        println!(
            "{label}: pdf writing {:?} per report ({} pages, {size} bytes)",
            start.elapsed() / reps,
            list.pages.len()
        );
    }
}
