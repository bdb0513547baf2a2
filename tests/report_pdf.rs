//! Report stage end to end on a realistic, hand-built organization: the PDF parsed back with
//! lopdf (pages, text, outline, links, embedded subset fonts, metadata), byte-identical
//! re-renders, the JSON and display-list snapshots, and the no-ink-outside-the-margins rule on
//! both paper sizes.
//!
//! The fixture (`report_support`) is built by hand (not through `rules`) so that this test
//! pins the report alone.

mod report_support;

use std::path::Path;

use pmo_advisor::report::backend::text::render_text;
use pmo_advisor::report::{Paper, Renderer};
use report_support::{all_text, catalog, contains, context, input, outline, recommendation};

#[test]
fn pdf_parses_back_with_sections_services_groups_and_embedded_subset_fonts() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let out = renderer
        .render_pdf_with_warnings(&ctx, &input, &rec)
        .unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let list = renderer.layout(&ctx, &input, &rec);
    let doc = lopdf::Document::load_mem(&out.bytes).expect("PDF parses");
    assert_eq!(doc.get_pages().len(), list.pages.len());
    assert!(
        (12..=30).contains(&list.pages.len()),
        "{} pages",
        list.pages.len()
    );

    let text = all_text(&doc);
    for title in SECTIONS.iter().chain(&[
        "PMO recommendation report",
        "Recommended PMO profile",
        "Northwind Energy Ltd",
        "Draft to discuss",
        "Page 1 of",
        "Rules version",
        "3f2a9c1d",
    ]) {
        assert!(contains(&text, title), "missing {title:?}");
    }
    for service in catalog.services() {
        assert!(
            contains(&text, &service.name),
            "missing service {:?}",
            service.name
        );
    }
    for g in &rec.groups {
        let name = &catalog.group(g.group).name;
        assert!(contains(&text, name), "missing group {name:?}");
    }
    assert!(contains(
        &text,
        "I102 warning data/sample/customers.csv row 14, column 7 \"pm_maturity\""
    ));
    assert!(contains(&text, "rules/services.rhai:20"));

    let mut embedded = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        assert!(dict.has(b"FontFile2"), "font not embedded");
        let name =
            String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).to_string();
        let (tag, base) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        assert!(base.starts_with("DejaVuSans"), "{name}");
        let program = doc
            .get_object(dict.get(b"FontFile2").unwrap().as_reference().unwrap())
            .unwrap();
        let program = program.as_stream().unwrap().decompressed_content().unwrap();
        assert!(
            program.len() < 200_000,
            "font not subset: {} bytes",
            program.len()
        );
        embedded += 1;
    }
    assert!(embedded >= 2, "{embedded} embedded fonts");

    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20260930235959+00'00'"
    );
    for key in [b"Title".as_slice(), b"Author", b"Subject", b"Keywords"] {
        assert!(!info.get(key).unwrap().as_str().unwrap().is_empty());
    }
    assert!(doc.trailer.get(b"ID").is_ok());
}

/// Chapter titles, in order, as the outline and the contents must show them.
const SECTIONS: [&str; 14] = [
    "Cover",
    "Contents",
    "Executive summary",
    "Decisions for the sponsor",
    "Organizational baseline",
    "Customers",
    "Service portfolio",
    "Service maturity",
    "Roadmap",
    "Draft PMO charter",
    "Appendix A: reasons trace",
    "Appendix B: data quality",
    "Appendix C: method",
    "Approach matrix",
];

#[test]
fn outline_mirrors_the_headings_and_contents_links_to_them() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let list = renderer.layout(&ctx, &input, &rec);
    let bytes = renderer.render_pdf(&ctx, &input, &rec).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let entries = outline(&doc);
    let chapters: Vec<&str> = entries
        .iter()
        .filter(|e| e.0 == 0)
        .map(|e| e.1.as_str())
        .collect();
    assert_eq!(chapters, SECTIONS[..13].to_vec());
    // Every display-list anchor is in the outline, on the same page, in the same order.
    assert_eq!(entries.len(), list.outline.len());
    for (entry, anchor) in entries.iter().zip(&list.outline) {
        assert_eq!(entry.1, anchor.title);
        assert_eq!(entry.2 as usize, anchor.page_index + 1);
    }
    // Customer groups nest under "Customers", the approach matrix under the portfolio.
    let nested: Vec<&str> = entries
        .iter()
        .filter(|e| e.0 == 1)
        .map(|e| e.1.as_str())
        .collect();
    for g in &rec.groups {
        assert!(nested.contains(&catalog.group(g.group).name.as_str()));
    }
    assert!(nested.contains(&"Approach matrix") && nested.contains(&"Mandate"));
    // Pages are in order and the executive summary fits one page.
    let page_of = |t: &str| entries.iter().find(|e| e.1 == t).unwrap().2;
    assert!(page_of("Executive summary") == 3);
    assert_eq!(
        page_of("Decisions for the sponsor"),
        4,
        "summary is one page"
    );
    assert_eq!(
        page_of("Organizational baseline"),
        5,
        "the sponsor's page is one page"
    );
    // The contents page links every chapter after it.
    let contents = doc.get_dictionary(doc.get_pages()[&2]).unwrap();
    let annots = contents.get(b"Annots").unwrap().as_array().unwrap();
    assert!(annots.len() >= 9, "{} links", annots.len());
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    for a in annots {
        let link = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        assert_eq!(link.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
        let dest = link.get(b"Dest").unwrap().as_array().unwrap();
        assert!(page_ids.contains(&dest[0].as_reference().unwrap()));
    }
    // The contents text shows the page numbers of the chapters.
    let contents_text = report_support::pdf_reader::text(&doc, &[2]);
    assert!(contents_text.contains("Executive summary"));
    assert!(contents_text.contains(&format!("{}", page_of("Draft PMO charter"))));
}

#[test]
fn summary_text_extracts_in_reading_order() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let bytes = Renderer::new()
        .render_pdf(&context(&catalog, Paper::A4), &input, &rec)
        .unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let text = report_support::pdf_reader::text(&doc, &[3]);
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {text}"))
    };
    assert!(at("Executive summary") < at("Recommended PMO profile"));
    assert!(at("Recommended PMO profile") < at("Services to offer first"));
    assert!(at("Services to offer first") < at("Key figures per customer group"));
    assert!(at("Key figures per customer group") < at("Alerts"));
}

#[test]
fn renders_are_byte_identical_across_renderers_and_threads() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let first = pmo_advisor::report::render_pdf(&ctx, &input, &rec).unwrap();
    let second = Renderer::new().render_pdf(&ctx, &input, &rec).unwrap();
    let third = std::thread::scope(|s| {
        s.spawn(|| Renderer::new().render_pdf(&ctx, &input, &rec).unwrap())
            .join()
            .unwrap()
    });
    assert!(
        first == second && second == third,
        "PDF bytes differ between renders"
    );
    assert_eq!(
        pmo_advisor::report::render_json(&ctx, &input, &rec),
        Renderer::new().render_json(&ctx, &input, &rec)
    );
}

#[test]
fn every_pdf_starts_with_the_renderers_prefix_and_hashes_the_same_through_it() {
    let catalog = catalog();
    let ctx = context(&catalog, Paper::A4);
    let renderer = Renderer::new();
    let prefix = renderer.pdf_prefix();
    let hasher = pmo_advisor::report::PrefixHasher::new(prefix.clone());
    let mut other = input();
    if let Some(baseline) = other.baseline.as_mut() {
        baseline.organization_name = Some("Another Org".into());
    }
    for input in [input(), other] {
        let bytes = renderer
            .render_pdf(&ctx, &input, &recommendation(&catalog))
            .unwrap();
        // The fonts are most of the prefix and about half of a report: the manifest's hash
        // of a run's PDFs skips them.
        assert!(bytes.starts_with(&prefix) && prefix.len() > bytes.len() / 3);
        assert_eq!(
            hasher.file("org.pdf", &bytes),
            pmo_advisor::report::HashedFile::new("org.pdf", &bytes)
        );
    }
}

#[test]
fn the_file_identifier_follows_the_content() {
    let catalog = catalog();
    let ctx = context(&catalog, Paper::A4);
    let id = |input: &pmo_advisor::model::survey::OrganizationInput| {
        let bytes = Renderer::new()
            .render_pdf(&ctx, input, &recommendation(&catalog))
            .unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        doc.trailer.get(b"ID").unwrap().clone()
    };
    let base = input();
    assert_eq!(id(&base), id(&input()));
    // One more comment changes one page's text, and with it the identifier.
    let mut changed = input();
    let first = changed.groups.keys().next().copied().unwrap();
    let group = changed.groups.get_mut(&first).unwrap();
    group.comments.push("One weekly status view, please".into());
    group.comments_total += 1;
    assert_ne!(id(&base), id(&changed));
}

#[test]
fn nothing_is_drawn_outside_the_margins_on_either_paper() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let renderer = Renderer::new();
    for paper in [Paper::A4, Paper::Letter] {
        let list = renderer.layout(&context(&catalog, paper), &input, &rec);
        let outside = list.items_outside_margins();
        assert!(
            outside.is_empty(),
            "{paper:?}: {:?}",
            &outside[..outside.len().min(5)]
        );
    }
    let letter = renderer
        .render_pdf(&context(&catalog, Paper::Letter), &input, &rec)
        .unwrap();
    let doc = lopdf::Document::load_mem(&letter).unwrap();
    let first = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let media: Vec<f32> = first
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(media, [0.0, 0.0, 612.0, 792.0]);
}

#[test]
fn json_snapshot() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let json = pmo_advisor::report::render_json(&context(&catalog, Paper::A4), &input, &rec);
    let text = String::from_utf8(json).unwrap();
    assert!(text.ends_with("}\n"));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["schema_version"], 2);
    assert_eq!(value["services"].as_array().unwrap().len(), 26);
    insta::assert_snapshot!("report_json", text);
}

#[test]
fn display_list_snapshot() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let list = Renderer::new().layout(&context(&catalog, Paper::A4), &input, &rec);
    insta::assert_snapshot!("report_display_list", render_text(&list));
}

/// Prints PDF timings; run with `cargo test --release --test report_pdf -- --ignored --nocapture`.
#[test]
#[ignore]
fn pdf_writing_speed() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let start = std::time::Instant::now();
    let renderer = Renderer::new();
    println!("renderer setup: {:?}", start.elapsed());
    let reps = 200;
    let start = std::time::Instant::now();
    let mut pages = 0;
    for _ in 0..reps {
        pages = renderer.layout(&ctx, &input, &rec).pages.len();
    }
    println!(
        "layout only: {:?} per report ({pages} pages)",
        start.elapsed() / reps
    );
    let start = std::time::Instant::now();
    let mut size = 0;
    for _ in 0..reps {
        size = renderer.render_pdf(&ctx, &input, &rec).unwrap().len();
    }
    println!(
        "build+layout+pdf: {:?} per report, {size} bytes",
        start.elapsed() / reps
    );
    let backend = pmo_advisor::report::backend::pdf::PdfBackend::new(&[]).unwrap();
    let list = renderer.layout(&ctx, &input, &rec);
    let start = std::time::Instant::now();
    for _ in 0..reps {
        size = backend.render(&list).unwrap().len();
    }
    let per = start.elapsed() / reps;
    println!(
        "pdf writing only: {per:?} per report ({} pages, {size} bytes)",
        list.pages.len()
    );
}

/// Writes the fixture's PDFs to `target/report-preview/` for a look (`scripts/preview.sh`);
/// run with `cargo test --test report_pdf -- --ignored write_preview`.
#[test]
#[ignore]
fn write_preview() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-preview");
    std::fs::create_dir_all(&dir).unwrap();
    for (paper, name) in [
        (Paper::A4, "fixture-a4.pdf"),
        (Paper::Letter, "fixture-letter.pdf"),
    ] {
        let pdf = Renderer::new()
            .render_pdf(&context(&catalog, paper), &input, &rec)
            .unwrap();
        std::fs::write(dir.join(name), pdf).unwrap();
    }
}

/// Text of each page, whitespace removed (as `all_text`).
fn page_texts(doc: &lopdf::Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&p| {
            report_support::pdf_reader::text(doc, &[p])
                .split_whitespace()
                .collect()
        })
        .collect()
}

#[test]
fn issue_13_customers_said_themes_counts_quotes_and_confidence_marks() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let out = Renderer::new()
        .render_pdf_with_warnings(&ctx, &input, &rec)
        .unwrap();
    let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
    let text = all_text(&doc);
    for needle in [
        "What customers said",
        // Every group of five wrote three comments; one shows the reporting burden.
        "15 of 95 respondents wrote a comment",
        "Reporting burden",
        "\u{201C}Please stop asking for status in four different spreadsheets.\u{201D}",
        // The comments that show no theme are counted.
        "10 comments fit no theme of the lexicon.",
        // n beside each chart figure and a small-sample mark with its legend: functional
        // managers are 3.
        "Project managers (n = 42)",
        "Functional managers and teams (n = 3) *",
        "* indicative only (under 5 answers)",
        // Promoters and detractors beside the NPS bars.
        " P, ",
    ] {
        assert!(contains(&text, needle), "missing {needle:?}");
    }
    let pages = page_texts(&doc);
    let appendix = pages
        .iter()
        .position(|p| contains(p, "Every decision the rules made for this organization"))
        .expect("a reasons trace");
    for (i, page) in pages[..appendix].iter().enumerate() {
        assert!(
            !page.contains(".rhai:"),
            "page {} shows a rule location",
            i + 1
        );
    }
    assert!(pages[appendix..]
        .concat()
        .contains("rules/services.rhai:20"));
    // Each body reason mark is a real link into the trace: annotations on body pages whose
    // destination is an appendix page.
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let mut into_trace = 0;
    for (i, id) in page_ids.iter().enumerate().take(appendix).skip(2) {
        let Ok(annots) = doc.get_dictionary(*id).unwrap().get(b"Annots") else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let link = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let dest = link.get(b"Dest").unwrap().as_array().unwrap();
            let to = dest[0].as_reference().unwrap();
            let to_page = page_ids.iter().position(|p| *p == to).unwrap();
            assert!(
                to_page >= appendix,
                "page {}: a link to page {}",
                i + 1,
                to_page + 1
            );
            into_trace += 1;
        }
    }
    assert!(into_trace >= 5, "{into_trace} links into the trace");
}

#[test]
fn issue_13_json_has_comment_themes_and_score_components() {
    let catalog = catalog();
    let (input, rec) = (input(), recommendation(&catalog));
    let ctx = context(&catalog, Paper::A4);
    let value =
        serde_json::to_value(pmo_advisor::report::json::build_json(&ctx, &input, &rec)).unwrap();
    let themes: Vec<pmo_advisor::report::json::CommentThemeJson> =
        serde_json::from_value(value["comment_themes"].clone()).expect("round-trips");
    let burden = themes
        .iter()
        .find(|t| t.theme == "reporting_burden")
        .expect("the reporting burden theme");
    assert_eq!(burden.count, 5, "one comment in each of the five groups");
    assert_eq!(burden.groups.len(), 5);
    assert_eq!(
        burden.examples[0].text,
        "Please stop asking for status in four different spreadsheets."
    );
    assert_eq!(value["comments_unthemed"], 10);
    for s in value["services"].as_array().unwrap() {
        let parts: Vec<pmo_advisor::report::json::ScoreComponentJson> =
            serde_json::from_value(s["score_components"].clone()).expect("round-trips");
        let sum: f64 = parts.iter().map(|c| c.points).sum();
        let score = s["score"].as_f64().unwrap();
        assert!((sum - score).abs() < 0.02, "{}: {sum} vs {score}", s["key"]);
    }
    for g in value["groups"].as_array().unwrap() {
        for field in [
            "promoters",
            "detractors",
            "nps_answers",
            "satisfaction_answers",
        ] {
            assert!(g[field].is_u64(), "group field {field}");
        }
    }
}
