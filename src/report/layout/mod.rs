//! Document → DisplayList: the report's typography and the placing of blocks on pages.
//!
//! `text.rs` wraps, `page.rs` owns the cursor and page breaks, `table.rs` and `chart.rs` place
//! the two structured blocks. Layout measures with `fonts.rs` and produces plain positioned
//! items; it never calls a backend.

pub mod chart;
pub mod page;
pub mod table;
pub mod text;

use crate::report::display::{
    DisplayList, DocumentInfo, Item, LineItem, PageGeometry, RectItem, TextRun,
};
use crate::report::document::{Block, Cover, Document, Paragraph, Section, Span};
use crate::report::fonts::FontFace;
use crate::report::layout::page::{add_furniture, baseline_in, push_line, Flow};
use crate::report::layout::text::wrap;
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
    /// Main bars.
    pub const BAR: Color = Color::rgb(0x2f, 0x5d, 0x8f);
    /// Second-value bars (targets).
    pub const BAR_SECOND: Color = Color::rgb(0xb4, 0xc8, 0xe0);
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
    /// Section title size.
    pub const TITLE_SIZE: f64 = 15.0;
    /// Sub-heading size.
    pub const HEADING_SIZE: f64 = 11.0;
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
    layout_cover(&mut flow, &doc.cover);
    for section in &doc.sections {
        layout_section(&mut flow, section);
    }
    let Flow {
        geometry,
        mut pages,
        outline,
        warnings,
        ..
    } = flow;
    let meta = &doc.metadata;
    add_furniture(
        &mut pages,
        geometry,
        &meta.running_header,
        &meta.running_footer,
    );
    DisplayList {
        geometry,
        pages,
        outline,
        info: DocumentInfo {
            title: meta.title.clone(),
            author: meta.author.clone(),
            subject: meta.subject.clone(),
            keywords: meta.keywords.clone(),
            creator: meta.creator.clone(),
            epoch_seconds: meta.epoch_seconds,
        },
        warnings,
    }
}

fn layout_cover(flow: &mut Flow, cover: &Cover) {
    flow.anchor("Cover");
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
    flow.y = flow.body_top() + 120.0;
    place_paragraph(
        flow,
        &[Span::strong(cover.title.clone())],
        24.0,
        theme::ACCENT,
        0.0,
    );
    flow.y += 10.0;
    place_paragraph(
        flow,
        &[Span::strong(cover.organization.clone())],
        17.0,
        theme::TEXT,
        0.0,
    );
    let id_line = format!(
        "Organization id {} \u{b7} period {}",
        cover.organization_id, cover.period
    );
    place_paragraph(flow, &[Span::normal(id_line)], 11.0, theme::MUTED, 0.0);
    flow.y += 24.0;

    // The verdict in a tinted panel.
    let size = 12.0;
    let leading = size * theme::LEADING;
    let inner = width - 24.0;
    let mut lines = wrap(
        &[
            Span::strong("PMO profile: "),
            Span::normal(cover.verdict.clone()),
        ],
        inner,
        size,
        &mut flow.warnings,
    );
    lines.truncate(8);
    let height = lines.len() as f64 * leading + 24.0;
    let top = flow.y;
    flow.push(Item::Rect(RectItem {
        x: left,
        y: top,
        width,
        height,
        fill: Some(theme::PANEL),
        stroke: None,
    }));
    flow.push(Item::Line(LineItem {
        x1: left + 1.5,
        y1: top,
        x2: left + 1.5,
        y2: top + height,
        color: theme::ACCENT,
        width: 3.0,
    }));
    flow.y = top + 12.0;
    flow.place_lines(&lines, left + 12.0, size, leading);
    flow.y = top + height + 28.0;

    layout_facts(flow, &cover.facts);
    flow.new_page();
}

fn layout_section(flow: &mut Flow, section: &Section) {
    if section.new_page && !flow.at_page_top() {
        flow.new_page();
    }
    // Keep the title with a few lines of what follows.
    let title_height = theme::TITLE_SIZE * theme::LEADING + 10.0;
    flow.ensure(title_height + 60.0);
    if !flow.at_page_top() {
        flow.y += 10.0;
    }
    flow.anchor(&section.title);
    place_paragraph(
        flow,
        &[Span::strong(section.title.clone())],
        theme::TITLE_SIZE,
        theme::ACCENT,
        0.0,
    );
    let y = flow.y + 1.0;
    let (left, right) = (flow.left(), flow.left() + flow.width());
    flow.push(Item::Line(LineItem {
        x1: left,
        y1: y,
        x2: right,
        y2: y,
        color: theme::ACCENT,
        width: 0.8,
    }));
    flow.y = y + 8.0;
    for block in &section.blocks {
        layout_block(flow, block);
    }
}

fn layout_block(flow: &mut Flow, block: &Block) {
    match block {
        Block::Heading(text) => {
            flow.ensure(theme::HEADING_SIZE * theme::LEADING + 40.0);
            flow.y += 4.0;
            place_paragraph(
                flow,
                &[Span::strong(text.clone())],
                theme::HEADING_SIZE,
                theme::ACCENT,
                0.0,
            );
            flow.y += 2.0;
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
    }
}

/// Wraps and places a paragraph; `Normal` spans take `color` (so titles can be coloured).
fn place_paragraph(
    flow: &mut Flow,
    spans: &[Span],
    size: f64,
    color: crate::report::display::Color,
    indent: f64,
) {
    let mut lines = wrap(spans, flow.width() - indent, size, &mut flow.warnings);
    for line in &mut lines {
        for f in &mut line.fragments {
            if f.color == theme::TEXT {
                f.color = color;
            }
        }
    }
    let x = flow.left() + indent;
    flow.place_lines(&lines, x, size, size * theme::LEADING);
}

fn place_bullet(flow: &mut Flow, item: &Paragraph) {
    let size = theme::BODY_SIZE;
    let leading = size * theme::LEADING;
    let indent = 12.0;
    let lines = wrap(&item.spans, flow.width() - indent, size, &mut flow.warnings);
    flow.ensure(leading);
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
    flow.place_lines(&lines, x, size, leading);
    flow.y += 1.5;
}

fn layout_facts(flow: &mut Flow, facts: &[(String, String)]) {
    let size = theme::BODY_SIZE;
    let leading = size * theme::LEADING;
    let label_width = (flow.width() * 0.3).min(170.0);
    for (label, value) in facts {
        let labels = wrap(
            &[Span::note(label.clone())],
            label_width - 8.0,
            size,
            &mut flow.warnings,
        );
        let values = wrap(
            &[Span::normal(value.clone())],
            flow.width() - label_width,
            size,
            &mut flow.warnings,
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
