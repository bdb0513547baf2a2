//! Document → DisplayList: the report's typography and the placing of blocks on pages.
//!
//! `text.rs` wraps, `page.rs` owns the cursor and page breaks, `table.rs` and `chart.rs` place
//! the two structured blocks. Layout measures with `fonts/` and produces plain positioned
//! items; it never calls a backend.

pub mod chart;
pub mod contents;
mod figures;
pub mod heatmap;
pub mod line_chart;
mod missing;
pub mod page;
pub mod roadmap;
pub mod table;
pub mod text;
mod trace_links;

use crate::report::display::{
    DisplayList, DocumentInfo, Item, LineItem, PageGeometry, RectItem, TextRun,
};
use crate::report::document::{Block, Cover, Document, Paragraph, Section, Span};
use crate::report::fonts::FontFace;
use crate::report::layout::page::{add_furniture, baseline_in, push_line, Flow};
use crate::report::layout::text::{wrap, Line};
use crate::report::Paper;

/// Sizes and colours, in one place so the report's look can change without touching layout.
pub mod theme {
    use crate::report::display::Color;

    /// Body text.
    pub const TEXT: Color = Color::rgb(0x22, 0x27, 0x2e);
    /// Notes, furniture.
    pub const MUTED: Color = Color::rgb(0x5f, 0x67, 0x72);
    /// Headings and accents.
    pub const ACCENT: Color = Color::rgb(0x1f, 0x3a, 0x5f);
    /// Thin rules.
    pub const RULE: Color = Color::rgb(0xc3, 0xc9, 0xd2);
    /// Table header background.
    pub const HEADER_FILL: Color = Color::rgb(0x1f, 0x3a, 0x5f);
    /// Table header text.
    pub const HEADER_TEXT: Color = Color::rgb(0xff, 0xff, 0xff);
    /// Alternate table rows, empty bar tracks.
    pub const ZEBRA: Color = Color::rgb(0xf2, 0xf4, 0xf7);
    /// Verdict box on the cover.
    pub const PANEL: Color = Color::rgb(0xe8, 0xef, 0xf7);
    /// Callout box (drafts, notes to the reader).
    pub const CALLOUT: Color = Color::rgb(0xfb, 0xf3, 0xe4);
    /// Callout accent bar.
    pub const CALLOUT_BAR: Color = Color::rgb(0xc8, 0x8a, 0x1e);
    /// Main bars.
    pub const BAR: Color = Color::rgb(0x2f, 0x5d, 0x8f);
    /// Second-value bars (targets).
    pub const BAR_SECOND: Color = Color::rgb(0xb4, 0xc8, 0xe0);
    /// Series 2 bars (striped).
    pub const BAR_MID: Color = Color::rgb(0x5b, 0x8f, 0xc0);
    /// Series 3 bars (outlined).
    pub const BAR_LIGHT: Color = Color::rgb(0xcf, 0xdf, 0xee);
    /// Series 4 bars.
    pub const BAR_WARM: Color = Color::rgb(0xc8, 0x8a, 0x1e);
    /// Target markers.
    pub const TARGET: Color = Color::rgb(0xb0, 0x3a, 0x2e);
    /// Chart grid lines.
    pub const GRID: Color = Color::rgb(0xdd, 0xe1, 0xe6);
    /// The ordered six-step scale of the approach heat map, lightest (most autonomy) first;
    /// lightness falls at every step, so the order survives greyscale print.
    pub const HEAT: [Color; 6] = [
        Color::rgb(0xee, 0xf3, 0xf8),
        Color::rgb(0xc9, 0xd9, 0xea),
        Color::rgb(0x9d, 0xba, 0xd8),
        Color::rgb(0x6b, 0x94, 0xbf),
        Color::rgb(0x3f, 0x6d, 0x9e),
        Color::rgb(0x1f, 0x3a, 0x5f),
    ];
    /// Tone: must / good.
    pub const TONE_STRONG: Color = Color::rgb(0xc6, 0xe5, 0xcc);
    /// Tone: should.
    pub const TONE_MEDIUM: Color = Color::rgb(0xe2, 0xf1, 0xe5);
    /// Tone: could.
    pub const TONE_LIGHT: Color = Color::rgb(0xf5, 0xf7, 0xe6);
    /// Tone: not now.
    pub const TONE_MUTED: Color = Color::rgb(0xea, 0xea, 0xea);
    /// Tone: alert.
    pub const TONE_ALERT: Color = Color::rgb(0xfb, 0xdd, 0xdb);
    /// Body text size.
    pub const BODY_SIZE: f64 = 9.5;
    /// Table text size.
    pub const TABLE_SIZE: f64 = 8.5;
    /// Compact table text size.
    pub const TABLE_SIZE_COMPACT: f64 = 7.5;
    /// Chapter title size (level-1 sections).
    pub const TITLE_SIZE: f64 = 17.0;
    /// Section title size (level-2 sections).
    pub const SECTION_SIZE: f64 = 13.0;
    /// Sub-heading size.
    pub const HEADING_SIZE: f64 = 10.5;
    /// The longest line of running text: about 80 characters of body type, a comfortable
    /// reading measure; tables and charts use the full width.
    pub const MEASURE: f64 = 430.0;
    /// Header and footer size.
    pub const FURNITURE_SIZE: f64 = 7.5;
    /// Line height as a multiple of the type size.
    pub const LEADING: f64 = 1.4;
    /// Space after a block.
    pub const BLOCK_GAP: f64 = 8.0;
}

/// Page geometry of a paper size: size in points and the margins no item crosses.
pub fn geometry(paper: Paper) -> PageGeometry {
    let (width, height) = match paper {
        Paper::A4 => (595.28, 841.89),
        Paper::Letter => (612.0, 792.0),
    };
    PageGeometry {
        width,
        height,
        left: 56.0,
        right: 56.0,
        top: 36.0,
        bottom: 36.0,
    }
}

/// Lays a document out on pages of the given paper size.
pub fn layout_document(doc: &Document, paper: Paper) -> DisplayList {
    let mut flow = Flow::new(geometry(paper));
    if doc.full_cover {
        layout_cover(&mut flow, &doc.cover);
        // The contents page is reserved now and filled once every page number is known.
        flow.anchor(contents::TITLE, 1);
        flow.new_page();
    } else {
        layout_title_block(&mut flow, &doc.cover);
    }
    for section in &doc.sections {
        layout_section(&mut flow, section);
    }
    if doc.full_cover {
        contents::fill_contents(&mut flow, 1);
    }
    let Flow {
        geometry,
        mut pages,
        outline,
        destinations,
        warnings,
        ..
    } = flow;
    trace_links::link_references(&mut pages, &destinations, outline.len());
    let meta = &doc.metadata;
    add_furniture(
        &mut pages,
        geometry,
        &meta.running_header,
        &meta.running_footer,
    );
    let missing_chars = missing::replace_missing_chars(&mut pages);
    DisplayList {
        geometry,
        pages,
        outline,
        destinations,
        info: DocumentInfo {
            title: meta.title.clone(),
            author: meta.author.clone(),
            subject: meta.subject.clone(),
            keywords: meta.keywords.clone(),
            creator: meta.creator.clone(),
            epoch_seconds: meta.epoch_seconds,
        },
        warnings,
        missing_chars,
    }
}

fn layout_cover(flow: &mut Flow, cover: &Cover) {
    flow.anchor("Cover", 1);
    let left = flow.left();
    let width = flow.width();
    flow.push(Item::Rect(RectItem {
        x: left,
        y: flow.body_top(),
        width,
        height: 6.0,
        fill: Some(theme::ACCENT),
        stroke: None,
    }));
    flow.y = flow.body_top() + 110.0;
    place_paragraph(
        flow,
        &[Span::normal(cover.period.clone())],
        12.0,
        theme::MUTED,
        0.0,
    );
    flow.y += 4.0;
    place_paragraph(
        flow,
        &[Span::strong(cover.title.clone())],
        26.0,
        theme::ACCENT,
        0.0,
    );
    flow.y += 8.0;
    place_paragraph(
        flow,
        &[Span::strong(cover.organization.clone())],
        18.0,
        theme::TEXT,
        0.0,
    );
    flow.y += 28.0;
    verdict_panel(flow, cover, 16.0);
    flow.y += 28.0;
    layout_facts(flow, &cover.facts);
    flow.new_page();
}

/// Keeps at most `max` lines of a cover text, with a layout warning when it cuts: the cover
/// is one page, and a cut must not pass silently (the tiles below it once did).
fn keep_lines(flow: &mut Flow, lines: &mut Vec<Line>, max: usize, what: &str) {
    if lines.len() > max {
        lines.truncate(max);
        flow.warnings
            .push(format!("the cover's {what} was shortened to {max} line(s)"));
    }
}

/// The verdict in a tinted panel with an accent bar: a small label, the one-line verdict in
/// large type, and its explanation in body type.
fn verdict_panel(flow: &mut Flow, cover: &Cover, size: f64) {
    let left = flow.left();
    let width = flow.width();
    let inner = width - 32.0;
    let label_size = 8.0;
    let detail_size = theme::BODY_SIZE;
    let mut label = wrap(
        &[Span::note(cover.verdict_label.clone())],
        inner,
        label_size,
    );
    keep_lines(flow, &mut label, 1, "verdict label");
    let mut lines = wrap(&[Span::strong(cover.verdict.clone())], inner, size);
    keep_lines(flow, &mut lines, 3, "verdict");
    for line in &mut lines {
        for f in &mut line.fragments {
            f.color = theme::ACCENT;
        }
    }
    let mut detail = wrap(
        &[Span::normal(cover.verdict_detail.clone())],
        inner,
        detail_size,
    );
    keep_lines(flow, &mut detail, 6, "verdict explanation");
    let leading = size * 1.25;
    let detail_leading = detail_size * theme::LEADING;
    let height = 14.0
        + label_size * theme::LEADING
        + lines.len() as f64 * leading
        + 4.0
        + detail.len() as f64 * detail_leading
        + 12.0;
    let top = flow.y;
    flow.push(Item::Rect(RectItem {
        x: left,
        y: top,
        width,
        height,
        fill: Some(theme::PANEL),
        stroke: None,
    }));
    flow.push(Item::Rect(RectItem {
        x: left,
        y: top,
        width: 4.0,
        height,
        fill: Some(theme::ACCENT),
        stroke: None,
    }));
    let x = left + 18.0;
    flow.y = top + 12.0;
    flow.place_lines(label, x, label_size, label_size * theme::LEADING);
    flow.place_lines(lines, x, size, leading);
    flow.y += 4.0;
    flow.place_lines(detail, x, detail_size, detail_leading);
    flow.y = top + height;
}

/// A brief's title block: organization, title and verdict at the top of its first page.
fn layout_title_block(flow: &mut Flow, cover: &Cover) {
    flow.anchor(&cover.title, 1);
    place_paragraph(
        flow,
        &[Span::normal(format!(
            "{} \u{b7} {}",
            cover.organization, cover.period
        ))],
        10.0,
        theme::MUTED,
        0.0,
    );
    place_paragraph(
        flow,
        &[Span::strong(cover.title.clone())],
        theme::TITLE_SIZE + 3.0,
        theme::ACCENT,
        0.0,
    );
    flow.y += 8.0;
    verdict_panel(flow, cover, 13.0);
    flow.y += 6.0;
    layout_facts(flow, &cover.facts);
}

/// How many pages `section` takes, laid out from the top of a page as a section that starts
/// on a new page is: for fitting a section to its page before the document is laid out.
pub fn section_pages(section: &Section, paper: Paper) -> usize {
    let mut flow = Flow::new(geometry(paper));
    layout_section(&mut flow, section);
    flow.pages.len()
}

fn layout_section(flow: &mut Flow, section: &Section) {
    if section.new_page && !flow.at_page_top() {
        flow.new_page();
    }
    let chapter = section.level <= 1;
    let size = if chapter {
        theme::TITLE_SIZE
    } else {
        theme::SECTION_SIZE
    };
    // Keep the title with the first lines of what follows.
    let title_height = size * theme::LEADING + 10.0;
    // Chapters keep a few lines; sections (customer groups, charter parts) keep their opening
    // facts, so a section title never ends a page with only its first lines below it.
    flow.ensure(title_height + if chapter { 70.0 } else { 150.0 });
    if !flow.at_page_top() {
        flow.y += if chapter { 14.0 } else { 10.0 };
    }
    flow.anchor(&section.title, section.level);
    place_paragraph(
        flow,
        &[Span::strong(section.title.clone())],
        size,
        theme::ACCENT,
        0.0,
    );
    let y = flow.y + 1.0;
    let (left, right) = (flow.left(), flow.left() + flow.width());
    flow.push(Item::Line(LineItem {
        x1: left,
        y1: y,
        x2: if chapter { right } else { left + 40.0 },
        y2: y,
        color: theme::ACCENT,
        width: if chapter { 0.8 } else { 1.6 },
    }));
    flow.y = y + 8.0;
    for block in &section.blocks {
        layout_block(flow, block);
    }
}

fn layout_block(flow: &mut Flow, block: &Block) {
    match block {
        Block::Heading(text) => {
            // A heading keeps at least three body lines below it on its page.
            flow.ensure(
                theme::HEADING_SIZE * theme::LEADING
                    + 6.0
                    + 3.0 * theme::BODY_SIZE * theme::LEADING,
            );
            flow.y += 5.0;
            place_paragraph(
                flow,
                &[Span::strong(text.clone())],
                theme::HEADING_SIZE,
                theme::ACCENT,
                0.0,
            );
            flow.y += 1.0;
        }
        Block::Paragraph(p) => {
            place_paragraph(flow, &p.spans, theme::BODY_SIZE, theme::TEXT, 0.0);
            flow.y += theme::BLOCK_GAP * 0.75;
        }
        Block::Bullets(items) => {
            for item in items {
                place_bullet(flow, item);
            }
            flow.y += theme::BLOCK_GAP * 0.75;
        }
        Block::Facts(facts) => layout_facts(flow, facts),
        Block::Table(t) => table::layout_table(flow, t),
        Block::Chart(c) => chart::layout_chart(flow, c),
        Block::HeatMap(h) => heatmap::layout_heatmap(flow, h),
        Block::LineChart(c) => line_chart::layout_line_chart(flow, c),
        Block::Figures(f) => figures::layout_figures(flow, f),
        Block::Roadmap(r) => roadmap::layout_roadmap(flow, r),
        Block::Callout { text, draft } => layout_callout(flow, text, *draft),
        Block::FinePrint(items) => {
            let size = theme::TABLE_SIZE_COMPACT;
            let leading = size * 1.3;
            for item in items {
                let lines = wrap(&item.spans, flow.width(), size);
                trace_links::mark_entry(flow, &item.spans, lines.len(), leading);
                let x = flow.left();
                flow.place_lines_kept(lines, x, size, leading);
                flow.y += 2.5;
            }
            flow.y += theme::BLOCK_GAP;
        }
    }
}

/// A paragraph in a full-width tinted box with an accent bar, kept on one page: blue for a
/// key message, amber for draft material.
fn layout_callout(flow: &mut Flow, p: &Paragraph, draft: bool) {
    let size = theme::BODY_SIZE;
    let leading = size * theme::LEADING;
    let (fill, bar) = if draft {
        (theme::CALLOUT, theme::CALLOUT_BAR)
    } else {
        (theme::PANEL, theme::ACCENT)
    };
    let inner = flow.width() - 28.0;
    let lines = wrap(&p.spans, inner, size);
    let height = lines.len() as f64 * leading + 14.0;
    flow.ensure(height);
    let top = flow.y;
    let width = flow.width();
    flow.push(Item::Rect(RectItem {
        x: flow.left(),
        y: top,
        width,
        height,
        fill: Some(fill),
        stroke: None,
    }));
    flow.push(Item::Rect(RectItem {
        x: flow.left(),
        y: top,
        width: 3.0,
        height,
        fill: Some(bar),
        stroke: None,
    }));
    flow.y = top + 7.0;
    let x = flow.left() + 14.0;
    flow.place_lines(lines, x, size, leading);
    flow.y = top + height + theme::BLOCK_GAP;
}

/// Wraps and places a paragraph; `Normal` spans take `color` (so titles can be coloured).
fn place_paragraph(
    flow: &mut Flow,
    spans: &[Span],
    size: f64,
    color: crate::report::display::Color,
    indent: f64,
) {
    let measure = flow.width().min(theme::MEASURE);
    let mut lines = wrap(spans, measure - indent, size);
    for line in &mut lines {
        for f in &mut line.fragments {
            if f.color == theme::TEXT {
                f.color = color;
            }
        }
    }
    let x = flow.left() + indent;
    flow.place_lines_kept(lines, x, size, size * theme::LEADING);
}

fn place_bullet(flow: &mut Flow, item: &Paragraph) {
    let size = theme::BODY_SIZE;
    let leading = size * theme::LEADING;
    let indent = 12.0;
    let measure = flow.width().min(theme::MEASURE);
    let lines = wrap(&item.spans, measure - indent, size);
    // A short item stays whole; a long one keeps two lines together.
    flow.ensure(leading * lines.len().min(3) as f64);
    let baseline = baseline_in(flow.y, size, leading);
    flow.push(Item::Text(TextRun {
        x: flow.left() + 2.0,
        y: baseline,
        text: "\u{2022}".into(),
        face: FontFace::Regular,
        size,
        color: theme::ACCENT,
    }));
    let x = flow.left() + indent;
    flow.place_lines(lines, x, size, leading);
    flow.y += 1.5;
}

fn layout_facts(flow: &mut Flow, facts: &[(String, String)]) {
    let size = theme::BODY_SIZE;
    let leading = size * theme::LEADING;
    let label_width = (flow.width() * 0.3).min(170.0);
    for (label, value) in facts {
        let labels = wrap(&[Span::note(label.clone())], label_width - 8.0, size);
        let values = wrap(
            &[Span::normal(value.clone())],
            flow.width() - label_width,
            size,
        );
        let rows = labels.len().max(values.len());
        flow.ensure(rows as f64 * leading);
        let top = flow.y;
        for (i, line) in labels.iter().enumerate() {
            push_line(
                flow,
                line,
                flow.left(),
                baseline_in(top + i as f64 * leading, size, leading),
                size,
            );
        }
        for (i, line) in values.iter().enumerate() {
            push_line(
                flow,
                line,
                flow.left() + label_width,
                baseline_in(top + i as f64 * leading, size, leading),
                size,
            );
        }
        flow.y = top + rows as f64 * leading;
    }
    flow.y += theme::BLOCK_GAP;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cover(detail: &str) -> Cover {
        Cover {
            title: "PMO recommendation report".into(),
            organization: "Acme".into(),
            organization_id: "acme".into(),
            period: "2026-Q3".into(),
            verdict: "Start small".into(),
            verdict_detail: detail.into(),
            verdict_label: "Verdict".into(),
            facts: Vec::new(),
        }
    }

    #[test]
    fn a_cover_text_cut_to_fit_is_named_in_a_warning() {
        let geometry = crate::report::layout::geometry(crate::report::Paper::A4);
        let mut flow = Flow::new(geometry);
        verdict_panel(&mut flow, &cover("Short and whole."), 16.0);
        assert!(flow.warnings.is_empty(), "{:?}", flow.warnings);
        let long = "A sentence long enough to need its own line or more. ".repeat(12);
        verdict_panel(&mut flow, &cover(&long), 16.0);
        assert_eq!(
            flow.warnings,
            ["the cover's verdict explanation was shortened to 6 line(s)"]
        );
    }
}
