//! Line breaking: spans of styled text → lines that fit a width, measured with the report
//! font's metrics.
//!
//! Breaks at spaces; a word longer than the line is split between characters. Characters no
//! embedded font has are measured as the character that replaces them; `layout_document`
//! replaces them once the pages are done. This module places nothing on a page: it returns line contents with
//! x offsets, and the caller decides where lines go.

use std::borrow::Cow;

use crate::report::display::Color;
use crate::report::document::{Emphasis, Span};
use crate::report::fonts::{metrics, FaceMetrics, FontFace, Metrics};
use crate::report::layout::theme;

/// A run of one style inside a wrapped line.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    /// Offset from the line's left edge.
    pub dx: f64,
    /// Text.
    pub text: String,
    /// Face.
    pub face: FontFace,
    /// Colour.
    pub color: Color,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Fragments, left to right.
    pub fragments: Vec<Fragment>,
    /// Width of the line's text.
    pub width: f64,
    /// Font units of the last fragment's text: appending a word then measures the word alone,
    /// not the whole fragment again (long paragraphs were quadratic).
    last_units: u64,
}

/// The face and colour an emphasis is drawn with.
pub fn style_of(emphasis: Emphasis) -> (FontFace, Color) {
    match emphasis {
        Emphasis::Normal => (FontFace::Regular, theme::TEXT),
        Emphasis::Strong => (FontFace::Bold, theme::TEXT),
        Emphasis::Note => (FontFace::Oblique, theme::MUTED),
    }
}

/// Wraps spans into lines no wider than `max_width` at `size` points.
pub fn wrap(spans: &[Span], max_width: f64, size: f64) -> Vec<Line> {
    wrap_parts(
        spans.iter().map(|s| (s.text.as_str(), s.emphasis)),
        max_width,
        size,
    )
}

/// `wrap` of one span's text and emphasis, without a `Span` made for it (a table cell).
pub fn wrap_text(text: &str, emphasis: Emphasis, max_width: f64, size: f64) -> Vec<Line> {
    wrap_parts(std::iter::once((text, emphasis)), max_width, size)
}

fn wrap_parts<'a>(
    spans: impl Iterator<Item = (&'a str, Emphasis)>,
    max_width: f64,
    size: f64,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    // Whether whitespace separates the next span's first word from the text before it.
    let mut space_before_next = false;
    for (text, emphasis) in spans {
        let (face, color) = style_of(emphasis);
        let m = metrics(face);
        // Each word is measured once, in integer font units; widths in points come from the
        // same units as before, so every position is the same to the last bit.
        let space_units = m.units(" ");
        let style = Style {
            m: &m,
            face,
            color,
            size,
            space_units,
        };
        if text.starts_with(char::is_whitespace) {
            space_before_next = true;
        }
        let mut place = |word: &str, word_units: u64, first_in_span: bool| {
            let with_space = (!first_in_span || space_before_next) && !line.fragments.is_empty();
            let space = if with_space {
                m.points(space_units, size)
            } else {
                0.0
            };
            let word_width = m.points(word_units, size);
            let mut with_space = with_space;
            if line.width + space + word_width > max_width && !line.fragments.is_empty() {
                lines.push(std::mem::take(&mut line));
                with_space = false;
            }
            if word_width > max_width {
                // Split an over-long word (an id, a path) into pieces that fit.
                let mut piece = String::new();
                let mut piece_units = 0;
                for c in word.chars() {
                    let c_units = m.char_units(c);
                    if m.points(piece_units + c_units, size) > max_width && !piece.is_empty() {
                        push_word(&mut line, &piece, piece_units, &style, false);
                        lines.push(std::mem::take(&mut line));
                        piece.clear();
                        piece_units = 0;
                    }
                    piece.push(c);
                    piece_units += c_units;
                }
                push_word(&mut line, &piece, piece_units, &style, false);
            } else {
                push_word(&mut line, word, word_units, &style, with_space);
            }
        };
        if text.is_ascii() && memchr::memchr(b'-', text.as_bytes()).is_none() {
            // Nearly every span: split and measured in one pass over its bytes, and no hyphen
            // that `minus_signs` could turn into a minus sign.
            for (i, (word, units)) in ascii_words(text, m.face()).enumerate() {
                place(word, units.unwrap_or_else(|| m.units(word)), i == 0);
            }
        } else {
            for (i, word) in text.split_whitespace().enumerate() {
                let word = &*minus_signs(word);
                place(word, m.units(word), i == 0);
            }
        }
        if !text.is_empty() {
            space_before_next = text.ends_with(char::is_whitespace);
        }
    }
    if !line.fragments.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of an ASCII `text`, split where `str::split_whitespace` splits it (space, tab,
/// line feed, vertical tab, form feed, carriage return), each with its advance in `face`
/// summed in the same pass (`None` when the face lacks a byte's glyph).
fn ascii_words<'a>(
    text: &'a str,
    face: &'a FaceMetrics,
) -> impl Iterator<Item = (&'a str, Option<u64>)> + 'a {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && is_ascii_space(bytes[at]) {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        let mut units = 0;
        while let Some(&byte) = bytes.get(at).filter(|b| !is_ascii_space(**b)) {
            units += face.ascii_advance(byte);
            at += 1;
        }
        Some((&text[start..at], FaceMetrics::ascii_sum(units)))
    })
}

/// The ASCII bytes `char::is_whitespace` accepts.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// The style of one span, with its metrics and the units of its space.
struct Style<'m> {
    m: &'m Metrics,
    face: FontFace,
    color: Color,
    size: f64,
    space_units: u64,
}

/// Bytes a new fragment has room for: a body line holds about 90 characters.
const FRAGMENT_ROOM: usize = 96;

/// Appends a word of `units` font units to the line, after a space when `space`.
fn push_word(line: &mut Line, word: &str, units: u64, style: &Style<'_>, space: bool) {
    let Style {
        m,
        face,
        color,
        size,
        space_units,
    } = *style;
    if let Some(last) = line.fragments.last_mut() {
        if last.face == face && last.color == color {
            if space {
                last.text.push(' ');
                line.last_units += space_units;
            }
            last.text.push_str(word);
            line.last_units += units;
            line.width = last.dx + m.points(line.last_units, size);
            return;
        }
    }
    let space_width = if space {
        m.points(space_units, size)
    } else {
        0.0
    };
    let dx = line.width + space_width;
    // A fragment grows word by word, often to a whole line: room for most lines from the
    // start instead of a reallocation at every doubling.
    let mut text = String::with_capacity(word.len().max(FRAGMENT_ROOM));
    text.push_str(word);
    line.fragments.push(Fragment {
        dx,
        text,
        face,
        color,
    });
    line.last_units = units;
    line.width = dx + m.points(line.last_units, size);
}

/// `text` with a minus sign (U+2212) for each hyphen-minus that signs a number (`-61`,
/// `(-0.5`): the report prints its own negative figures that way, and a rule's sentence ("an
/// NPS of -61") must not set its figures differently from the report's beside it ("also
/// program managers −57"). A hyphen after a digit or a letter (`0-6`, `2026-09`, `Q-1`) is
/// left as it is.
fn minus_signs(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let signs = |i: usize| {
        bytes[i] == b'-'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            && (i == 0 || matches!(bytes[i - 1], b'(' | b'[' | b' ' | b'\t' | b'\n'))
    };
    if !(0..bytes.len()).any(signs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 2);
    let mut from = 0;
    for i in (0..bytes.len()).filter(|&i| signs(i)) {
        out.push_str(&text[from..i]);
        out.push('\u{2212}');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// Shortens `text` with an ellipsis so that it fits `max_width` in `face` at `size`.
pub fn fit(text: &str, face: FontFace, size: f64, max_width: f64) -> String {
    let text = &*minus_signs(text);
    let m = metrics(face);
    let mut units = m.units(text);
    if m.points(units, size) <= max_width {
        return text.to_string();
    }
    // Units add up exactly, so the text with the ellipsis is measured without building it
    // for every character taken off.
    let ellipsis = m.units("\u{2026}");
    let mut out: String = text.to_string();
    while !out.is_empty() && m.points(units + ellipsis, size) > max_width {
        if let Some(c) = out.pop() {
            units -= m.char_units(c);
        }
    }
    format!("{}\u{2026}", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.fragments
                    .iter()
                    .map(|f| f.text.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let text = "the quick brown fox jumps over the lazy dog again and again";
        let lines = wrap(&[Span::normal(text)], 100.0, 10.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(line.width <= 100.0 + 1e-9, "{line:?}");
        }
        assert_eq!(plain(&lines).join(" "), text);
    }

    #[test]
    fn styles_become_fragments_with_offsets() {
        let spans = [Span::strong("Must:"), Span::normal(" risk management")];
        let lines = wrap(&spans, 500.0, 10.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(plain(&lines), ["Must:|risk management"]);
        let bold = metrics(FontFace::Bold).width("Must:", 10.0);
        let space = metrics(FontFace::Regular).width(" ", 10.0);
        assert!((lines[0].fragments[1].dx - bold - space).abs() < 1e-9);
    }

    #[test]
    fn long_words_are_split_and_fit() {
        let lines = wrap(&[Span::normal("x".repeat(200))], 50.0, 10.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.width <= 50.0 + 1e-9));
        assert_eq!(
            fit("Advice to executive level", FontFace::Regular, 10.0, 60.0)
                .chars()
                .last(),
            Some('\u{2026}')
        );
        assert!(
            metrics(FontFace::Regular).width(
                &fit("Advice to executive level", FontFace::Regular, 10.0, 60.0),
                10.0
            ) <= 60.0
        );
    }

    #[test]
    fn a_hyphen_that_signs_a_number_is_set_as_a_minus() {
        for (text, set) in [
            ("an NPS of -61 (n = 18)", "an NPS of \u{2212}61 (n = 18)"),
            ("(-0.5) and [-3]", "(\u{2212}0.5) and [\u{2212}3]"),
            ("-100", "\u{2212}100"),
            (
                "detractors (0-6), 2026-09-30",
                "detractors (0-6), 2026-09-30",
            ),
            (
                "follow-up, Q-1, - 5, -x, --5",
                "follow-up, Q-1, - 5, -x, --5",
            ),
        ] {
            assert_eq!(minus_signs(text), set, "{text}");
        }
        assert!(matches!(minus_signs("no sign here"), Cow::Borrowed(_)));
        let lines = wrap(&[Span::normal("NPS of -61; also -57")], 500.0, 10.0);
        assert_eq!(plain(&lines), ["NPS of \u{2212}61; also \u{2212}57"]);
        assert_eq!(
            fit("-5 points", FontFace::Regular, 10.0, 500.0),
            "\u{2212}5 points"
        );
    }

    #[test]
    fn ascii_words_split_and_measure_as_split_whitespace_and_units() {
        let m = metrics(FontFace::Regular);
        for text in [
            "",
            "   ",
            "one",
            " two  words\t",
            "a\nb\rc\x0Bd\x0Ce",
            "control\x01byte and (parens) [7]",
            "\t\r\n end",
        ] {
            let fast: Vec<(&str, u64)> = ascii_words(text, m.face())
                .map(|(w, u)| (w, u.unwrap_or_else(|| m.units(w))))
                .collect();
            let slow: Vec<(&str, u64)> = text.split_whitespace().map(|w| (w, m.units(w))).collect();
            assert_eq!(fast, slow, "{text:?}");
        }
        // A byte the face has no glyph for leaves the sum to the general measure.
        assert_eq!(
            ascii_words("a\x01", m.face()).collect::<Vec<_>>(),
            [("a\x01", None)]
        );
    }

    #[test]
    fn empty_text_gives_one_empty_line() {
        assert_eq!(wrap(&[Span::normal("")], 50.0, 10.0).len(), 1);
    }
}
