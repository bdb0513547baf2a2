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

/// One bar of a bar chart: a value and an optional second value (such as a target).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label left of the bar.
    pub label: String,
    /// The value, between 0 and the chart's maximum.
    pub value: f64,
    /// A second value drawn as a thin marker bar (such as a target), if any.
    pub second: Option<f64>,
    /// Text shown right of the bar.
    pub value_text: String,
}

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Bars, top to bottom.
    pub bars: Vec<Bar>,
    /// The value of a full-width bar.
    pub max: f64,
    /// Legend for the main and second values, if the chart has second values.
    pub legend: Option<(String, String)>,
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
}

/// A titled section; it appears in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Title.
    pub title: String,
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
    /// Sections in order.
    pub sections: Vec<Section>,
}
