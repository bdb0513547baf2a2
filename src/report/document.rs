//! The report as semantic content: a cover, then sections of paragraphs, lists, tables and
//! simple charts, with no geometry.
//!
//! `build.rs` fills it from model values (the wording lives there); `layout/` places it on
//! pages. Keeping the two apart lets a second layout (or a Markdown writer) reuse the content.
//! Nothing here knows about points, fonts or PDF.

/// Text emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Emphasis {
    /// Normal text.
    #[default]
    Normal,
    /// Strong (bold).
    Strong,
    /// Subdued (oblique, grey): notes, rule locations, labels of our own formulas.
    Note,
}

/// A piece of text with one emphasis.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its emphasis.
    pub emphasis: Emphasis,
}

impl Span {
    /// Normal text.
    pub fn normal(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::Normal,
        }
    }

    /// Strong text.
    pub fn strong(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::Strong,
        }
    }

    /// Subdued note text.
    pub fn note(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            emphasis: Emphasis::Note,
        }
    }
}

/// A paragraph: spans that wrap together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// The spans, in reading order.
    pub spans: Vec<Span>,
}

impl Paragraph {
    /// A paragraph of normal text.
    pub fn text(text: impl Into<String>) -> Paragraph {
        Paragraph {
            spans: vec![Span::normal(text)],
        }
    }

    /// A paragraph from spans.
    pub fn spans(spans: Vec<Span>) -> Paragraph {
        Paragraph { spans }
    }
}

/// A chart number as text: whole numbers without decimals, others with one.
pub fn num_text(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Horizontal alignment in a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Right (numbers).
    Right,
    /// Centred (short codes).
    Center,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text.
    pub header: String,
    /// Relative width (columns share the available width in proportion).
    pub weight: f64,
    /// Alignment.
    pub align: Align,
}

/// A tone for a cell's background, chosen by meaning, not colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Strongly recommended / good.
    Strong,
    /// Recommended.
    Medium,
    /// Weakly recommended.
    Light,
    /// Not recommended now / neutral.
    Muted,
    /// Needs attention.
    Alert,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Text.
    pub text: String,
    /// Emphasis.
    pub emphasis: Emphasis,
    /// Background tone, if any.
    pub tone: Option<Tone>,
}

impl Cell {
    /// A plain cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            emphasis: Emphasis::Normal,
            tone: None,
        }
    }

    /// A bold cell.
    pub fn strong(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            emphasis: Emphasis::Strong,
            tone: None,
        }
    }

    /// The same cell with a background tone.
    pub fn with_tone(mut self, tone: Option<Tone>) -> Cell {
        self.tone = tone;
        self
    }
}

/// A table whose header row repeats on every page it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
    /// Smaller type for wide tables.
    pub compact: bool,
}

/// One bar of a bar chart: a value, an optional second value (such as a target) and its series.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label left of the bar.
    pub label: String,
    /// The value, between the chart's minimum and maximum.
    pub value: f64,
    /// A second value drawn as an outlined marker bar (such as a target), if any.
    pub second: Option<f64>,
    /// Text shown at the end of the bar.
    pub value_text: String,
    /// Which series the bar belongs to (0–3); layout gives each series a colour *and* a
    /// pattern, so the chart reads in greyscale print.
    pub series: u8,
}

/// A labelled divider drawn above the bar with index `before` (such as a priority cut-off).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Index of the first bar below the divider.
    pub before: usize,
    /// Label of the band that starts there.
    pub label: String,
}

/// A horizontal bar chart with a value axis.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The value at the axis' left end (0, or −100 for a Net Promoter Score).
    pub min: f64,
    /// The value at the axis' right end.
    pub max: f64,
    /// Axis tick values.
    pub ticks: Vec<f64>,
    /// What the axis measures.
    pub axis_label: String,
    /// Band dividers (cut-offs), in bar order.
    pub bands: Vec<Band>,
    /// Legend: series index and its meaning; a `None` index is the second-value marker.
    pub legend: Vec<(Option<u8>, String)>,
}

/// A heat map: rows × columns of ordered steps, each cell also labelled in text.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// Row labels (left).
    pub rows: Vec<String>,
    /// Column labels (top; short).
    pub columns: Vec<String>,
    /// Per row, per column: the step (0-based into `scale`) and the text shown, or `None`.
    pub cells: Vec<Vec<Option<(u8, String)>>>,
    /// The ordered scale, first step first: (short text, meaning).
    pub scale: Vec<(String, String)>,
    /// Legend for the column labels: (short, full).
    pub column_legend: Vec<(String, String)>,
}

/// The style of a line that sums up every group (the customers as a whole): layout draws it
/// heavier and near-black, so it reads as the headline among the group lines.
pub const OVERALL_STYLE: u8 = 7;

/// One line of a line chart: a value per category, `None` where it is missing (a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Name in the legend.
    pub label: String,
    /// Short label printed at the line's last point (a direct label, so the chart reads
    /// without matching colours to the legend).
    pub end_label: String,
    /// One value per category, in category order.
    pub values: Vec<Option<f64>>,
    /// Style index: layout gives each a colour, a dash pattern *and* a marker shape, so lines
    /// stay apart in greyscale print. Equal indexes look equal across charts.
    pub style: u8,
}

/// A line chart over ordered categories (periods) on a fixed value range.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Heading drawn above the chart and kept on its page (a separate `Heading` block could
    /// end a page with the chart on the next).
    pub title: String,
    /// Category labels along the horizontal axis, left to right.
    pub categories: Vec<String>,
    /// Lines, in legend order.
    pub series: Vec<LineSeries>,
    /// The value at the bottom of the plot.
    pub min: f64,
    /// The value at the top of the plot.
    pub max: f64,
    /// Gridlines: value and its label.
    pub ticks: Vec<(f64, String)>,
    /// What the vertical axis measures.
    pub axis_label: String,
}

/// One service on a roadmap chart: a set-up bar over its start quarters, then a thin line
/// while it runs as usual.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapRow {
    /// Label left of the grid (the service name).
    pub label: String,
    /// The first column of its bar (0-based).
    pub start: usize,
    /// Columns the bar spans (set-up quarters).
    pub span: usize,
    /// Style: 0 must, 1 should, 2 could. Layout gives each a fill *and* writes `bar_text`
    /// in the bar, so the chart reads in greyscale print.
    pub style: u8,
    /// Text inside the bar (such as `Must`, or `Must · regulatory`).
    pub bar_text: String,
}

/// A roadmap chart: services as rows, quarters as columns, grouped by phase.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapChart {
    /// Column labels (quarters, first = the next quarter).
    pub quarters: Vec<String>,
    /// Rows, top to bottom.
    pub rows: Vec<RoadmapRow>,
    /// Phase dividers: the label of the phase that starts at each row index.
    pub phases: Vec<Band>,
    /// Legend: style index and its meaning.
    pub legend: Vec<(u8, String)>,
}

/// A headline figure shown in a tile: a big value over a short label.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The value, such as `59` or `+38`.
    pub value: String,
    /// What it is.
    pub label: String,
}

/// A block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading inside a section.
    Heading(String),
    /// A paragraph.
    Paragraph(Paragraph),
    /// A bulleted list.
    Bullets(Vec<Paragraph>),
    /// Label–value pairs shown as two columns.
    Facts(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A bar chart.
    Chart(BarChart),
    /// A heat map.
    HeatMap(HeatMap),
    /// A line chart (trends across periods).
    LineChart(LineChart),
    /// A row of headline figures.
    Figures(Vec<Figure>),
    /// A roadmap chart (services by phase and quarter).
    Roadmap(RoadmapChart),
    /// A tinted box around a paragraph: a key message, or (`draft`) a caution to the reader.
    Callout {
        /// The text.
        text: Paragraph,
        /// Whether it marks draft material (warm colours) rather than a key message.
        draft: bool,
    },
    /// Reference entries in small type across the full width (appendix traces).
    FinePrint(Vec<Paragraph>),
}

/// A titled section; it appears in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Title.
    pub title: String,
    /// Outline level: 1 for a chapter, 2 for a section inside the one before.
    pub level: u8,
    /// Whether the section starts on a new page.
    pub new_page: bool,
    /// Content.
    pub blocks: Vec<Block>,
}

/// The cover page's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cover {
    /// Report title.
    pub title: String,
    /// Organization display name.
    pub organization: String,
    /// Organization id.
    pub organization_id: String,
    /// Period, such as `2026-Q3`.
    pub period: String,
    /// One-line verdict (the PMO profile).
    pub verdict: String,
    /// The verdict's explanation, shown under it in smaller type.
    pub verdict_detail: String,
    /// The small label over the verdict.
    pub verdict_label: String,
    /// Further facts (date, rules version, tool version…).
    pub facts: Vec<(String, String)>,
}

/// Metadata for the output file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// Title.
    pub title: String,
    /// Author.
    pub author: String,
    /// Subject.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Producing tool and version.
    pub creator: String,
    /// Date, seconds since 1970 (from the report context, never the clock).
    pub epoch_seconds: i64,
    /// Text of the running header.
    pub running_header: String,
    /// Text at the left of the footer.
    pub running_footer: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Metadata.
    pub metadata: Metadata,
    /// Cover page.
    pub cover: Cover,
    /// Whether the document has a full cover page and a contents page (reports), or a title
    /// block at the top of the first page and no contents (one- or two-page briefs).
    pub full_cover: bool,
    /// Sections in order.
    pub sections: Vec<Section>,
}
