//! What one customer group's comments show: comments and the shortest quotes per theme of
//! the catalog's lexicon.
//!
//! Held for every group of every organization until the customers file ends (its rows are
//! interleaved), so it is compact (issue 16): a theme is its index in the lexicon, not a
//! copied key, the tallies are one short slice sorted by that index, and the quotes sit
//! inline. Two maps keyed by strings had cost 1.6 KB per group.

use crate::model::catalog::Theme;
use crate::model::kept_text::{KeptText, TextSink, TextSource};

/// How many quotes a group keeps per comment theme: the shortest sentences that show it
/// (earlier respondents first among equals), so memory stays bounded by themes × groups.
pub const QUOTES_KEPT_PER_THEME: usize = 2;

/// Longest quote kept, in characters; a longer sentence is cut at a word and ends with `…`.
pub const QUOTE_MAX_CHARS: usize = 110;

/// Comments and quotes per theme of one group, for the themes at least one comment showed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeTallies {
    /// Sorted by `theme`; a theme no comment showed is absent. A boxed slice, exactly as long
    /// as the themes shown: a vector's capacity beside it made every group 8 bytes larger,
    /// and the groups' block of each organization a size class larger (issue 16).
    tallies: Box<[Tally]>,
    /// Comments that showed no theme of the lexicon.
    unthemed: u32,
}

/// One theme's count and quotes.
#[derive(Debug, Clone, PartialEq)]
struct Tally {
    /// Index of the theme in the lexicon the comments were matched against.
    theme: u16,
    /// Comments showing it.
    comments: u32,
    /// The shortest quotes, shortest first; `None` past the last.
    quotes: [Option<KeptText>; QUOTES_KEPT_PER_THEME],
}

/// The themes one comment shows, each with its quote: read apart from any tallies (ingest's
/// block workers read comments in parallel), then recorded with `ThemeTallies::record`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommentThemes(Vec<(u16, Option<Box<str>>)>);

impl CommentThemes {
    /// Reads a comment against the catalog's lexicon (each theme once, by its index in the
    /// lexicon); `None` when there is no lexicon to read against.
    pub fn of(comment: &str, lexicon: &[Theme]) -> Option<CommentThemes> {
        if lexicon.is_empty() {
            return None;
        }
        let lower = comment.to_lowercase();
        let shown: Vec<bool> = lexicon.iter().map(|theme| theme.matches(&lower)).collect();
        Some(CommentThemes::shown(comment, lexicon, &shown))
    }

    /// The themes of `comment` marked in `shown` (by index in the lexicon), each with its
    /// quote: the first sentence where `shows(sentence, index)`, else the whole comment.
    fn shown(comment: &str, lexicon: &[Theme], shown: &[bool]) -> CommentThemes {
        CommentThemes::quoted(comment, shown, |sentence, shows| {
            let lower = sentence.to_lowercase();
            for ((shows, theme), &shown) in shows.iter_mut().zip(lexicon).zip(shown) {
                *shows = shown && theme.matches(&lower);
            }
        })
    }

    /// The themes of `comment` marked in `shown` (by index in the lexicon), each quoted from
    /// the first sentence that shows it (the whole comment when none does: a term can span a
    /// sentence break). `read(sentence, shows)` marks in `shows` the themes a sentence shows,
    /// for a reader that finds themes its own way (ingest reads every term at once); it is
    /// called sentence by sentence until every theme has its quote.
    pub fn quoted(
        comment: &str,
        shown: &[bool],
        mut read: impl FnMut(&str, &mut [bool]),
    ) -> CommentThemes {
        let mut pending = shown.iter().filter(|&&s| s).count();
        let mut quotes: Vec<Option<&str>> = vec![None; shown.len()];
        let mut shows = vec![false; shown.len()];
        let mut sentences = sentences(comment);
        while pending > 0 {
            let Some(sentence) = sentences.next() else {
                break;
            };
            // A comment of one sentence shows in it what it shows at all.
            if sentence.len() == comment.len() {
                shows.copy_from_slice(shown);
            } else {
                read(sentence, &mut shows);
            }
            for ((quote, &shown), &shows) in quotes.iter_mut().zip(shown).zip(&shows) {
                if shown && shows && quote.is_none() {
                    *quote = Some(sentence);
                    pending -= 1;
                }
            }
        }
        let themes = shown
            .iter()
            .zip(quotes)
            .enumerate()
            .filter(|(_, (&shown, _))| shown)
            // A lexicon is a catalog file of a few dozen rows; past u16 a theme is not kept.
            .filter_map(|(index, (_, quote))| {
                let index = u16::try_from(index).ok()?;
                let quote = quote.unwrap_or(comment).trim();
                Some((index, (!quote.is_empty()).then(|| shorten_quote(quote))))
            })
            .collect();
        CommentThemes(themes)
    }
}

impl ThemeTallies {
    /// Counts the themes one comment shows (`CommentThemes::of`, then `record`).
    pub fn count(&mut self, comment: &str, lexicon: &[Theme]) {
        if let Some(shown) = CommentThemes::of(comment, lexicon) {
            self.record(shown);
        }
    }

    /// Counts a comment's themes, or counts it as unthemed when it shows none, and keeps a
    /// short quote per theme.
    pub fn record(&mut self, shown: CommentThemes) {
        if shown.0.is_empty() {
            self.unthemed += 1;
        }
        for (index, quote) in shown.0 {
            let tally = self.tally_mut(index);
            tally.comments += 1;
            if let Some(quote) = quote {
                keep_quote(&mut tally.quotes, quote);
            }
        }
    }

    /// Comments that showed the theme at `index` of the lexicon.
    pub fn comments(&self, index: usize) -> u32 {
        self.get(index).map_or(0, |t| t.comments)
    }

    /// The quotes kept for the theme at `index` of the lexicon, shortest first.
    pub fn quotes(&self, index: usize) -> impl Iterator<Item = &str> {
        self.get(index)
            .into_iter()
            .flat_map(|t| t.quotes.iter().flatten().map(KeptText::as_str))
    }

    /// Moves the kept quotes still in memory to `sink` (`kept_text`).
    pub fn store_quotes(&mut self, sink: &mut dyn TextSink) {
        for quote in self
            .tallies
            .iter_mut()
            .flat_map(|t| t.quotes.iter_mut().flatten())
        {
            quote.store(sink);
        }
    }

    /// Reads the stored quotes back from `source` (`kept_text`).
    pub fn load_quotes(&mut self, source: &dyn TextSource) -> std::io::Result<()> {
        for quote in self
            .tallies
            .iter_mut()
            .flat_map(|t| t.quotes.iter_mut().flatten())
        {
            quote.load(source)?;
        }
        Ok(())
    }

    /// Comments that showed no theme of the lexicon.
    pub fn unthemed(&self) -> u32 {
        self.unthemed
    }

    fn get(&self, index: usize) -> Option<&Tally> {
        let index = u16::try_from(index).ok()?;
        self.tallies
            .binary_search_by_key(&index, |t| t.theme)
            .ok()
            .map(|at| &self.tallies[at])
    }

    fn tally_mut(&mut self, theme: u16) -> &mut Tally {
        let at = match self.tallies.binary_search_by_key(&theme, |t| t.theme) {
            Ok(at) => at,
            Err(at) => {
                // One more at a time: a group shows three or four themes, and doubling (4, 8,
                // 16) left a third of the room unused across every group held (issue 16).
                let mut tallies = std::mem::take(&mut self.tallies).into_vec();
                tallies.reserve_exact(1);
                tallies.insert(
                    at,
                    Tally {
                        theme,
                        comments: 0,
                        quotes: Default::default(),
                    },
                );
                self.tallies = tallies.into_boxed_slice();
                at
            }
        };
        &mut self.tallies[at]
    }
}

/// A quote cut to `QUOTE_MAX_CHARS`: it reads as one thought, not a paragraph.
fn shorten_quote(sentence: &str) -> Box<str> {
    shorten(sentence, QUOTE_MAX_CHARS).into_boxed_str()
}

/// Sentences of a text, trimmed, none empty: split after `.`, `!` or `?` followed by
/// whitespace (or the end), and at line breaks.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    // The marks are ASCII, never part of a longer UTF-8 sequence: bytes are read, not chars.
    std::iter::from_fn(move || loop {
        if start > bytes.len() {
            return None;
        }
        let end = loop {
            match bytes.get(at) {
                None => break None,
                Some(b'\n' | b'\r') => break Some(at),
                Some(b'.' | b'!' | b'?')
                    if text[at + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace) =>
                {
                    break Some(at + 1)
                }
                Some(_) => at += 1,
            }
        };
        let piece = match end {
            Some(end) => {
                let piece = &text[start..end];
                start = end;
                at = end + 1;
                piece
            }
            None => {
                let piece = &text[start..];
                start = bytes.len() + 1;
                piece
            }
        };
        let piece = piece.trim();
        if !piece.is_empty() {
            return Some(piece);
        }
    })
}

/// The text cut at a word boundary to at most `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    // No more bytes than `max` is no more characters either.
    if text.len() <= max || text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}\u{2026}", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Keeps the shortest quotes, the earlier one first among equals; the same sentence twice
/// is kept once.
fn keep_quote(kept: &mut [Option<KeptText>; QUOTES_KEPT_PER_THEME], quote: Box<str>) {
    if kept.iter().flatten().any(|k| k.is(&quote)) {
        return;
    }
    let length = quote.chars().count();
    let Some(at) = kept
        .iter()
        .position(|k| k.as_ref().is_none_or(|k| k.chars() > length))
    else {
        return;
    };
    // Shift the longer ones down one place; the last falls off.
    kept[at..].rotate_right(1);
    kept[at] = Some(KeptText::from(quote));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_keep_the_shortest_matching_sentence_and_count_the_rest() {
        let lexicon = [
            Theme::of_terms("burden", &["bureaucra", "gate review"]),
            Theme::of_terms("unused", &["nothing matches this"]),
            Theme::of_terms("skills", &["training"]),
        ];
        let mut t = ThemeTallies::default();
        t.count(
            "The PMO feels like bureaucracy: gate reviews add weeks. Otherwise fine.",
            &lexicon,
        );
        t.count("Pure bureaucracy.", &lexicon);
        t.count(
            "Two things:\n1) one intake; 2) real training for new PMs.",
            &lexicon,
        );
        t.count("Nice weather today.", &lexicon);
        t.count("Bureaucracy, again and again.", &lexicon);
        assert_eq!(t.comments(0), 3);
        assert_eq!(t.comments(1), 0);
        assert_eq!(t.comments(2), 1);
        assert_eq!(t.comments(3), 0, "past the lexicon");
        assert_eq!(t.unthemed(), 1);
        assert_eq!(
            t.quotes(0).collect::<Vec<_>>(),
            ["Pure bureaucracy.", "Bureaucracy, again and again."]
        );
        assert_eq!(
            t.quotes(2).collect::<Vec<_>>(),
            ["1) one intake; 2) real training for new PMs."]
        );
        assert_eq!(t.quotes(1).count(), 0);
    }

    #[test]
    fn a_shorter_quote_pushes_the_longest_out_and_a_repeat_is_kept_once() {
        let mut kept: [Option<KeptText>; QUOTES_KEPT_PER_THEME] = Default::default();
        for q in [
            "a longer one.",
            "mid one.",
            "mid one.",
            "short.",
            "also long one.",
        ] {
            keep_quote(&mut kept, q.into());
        }
        let kept: Vec<&str> = kept.iter().flatten().map(KeptText::as_str).collect();
        assert_eq!(kept, ["short.", "mid one."]);
    }

    #[test]
    fn an_equal_length_quote_comes_after_the_earlier_one() {
        let mut kept: [Option<KeptText>; QUOTES_KEPT_PER_THEME] = Default::default();
        for q in ["first.", "other.", "third."] {
            keep_quote(&mut kept, q.into());
        }
        let kept: Vec<&str> = kept.iter().flatten().map(KeptText::as_str).collect();
        assert_eq!(kept, ["first.", "other."]);
    }

    #[test]
    fn long_quotes_are_cut_at_a_word() {
        let long = "word ".repeat(40);
        let cut = shorten(long.trim(), 30);
        assert!(cut.chars().count() <= 30, "{cut}");
        assert!(cut.ends_with("word\u{2026}"), "{cut}");
        assert_eq!(shorten("short", 30), "short");
    }

    /// The char-by-char splitting `sentences` replaced (issue 16), kept as the reference.
    fn sentences_char_by_char(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let end = match c {
                '\n' | '\r' => Some(at),
                '.' | '!' | '?' if next.is_none_or(char::is_whitespace) => Some(at + 1),
                _ => None,
            };
            if let Some(end) = end {
                let piece = text[start..end].trim();
                if !piece.is_empty() {
                    out.push(piece);
                }
                start = end;
            }
        }
        let rest = text[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
        out
    }

    #[test]
    fn sentences_split_as_char_by_char() {
        let pieces = [
            "word", " ", ".", "!", "?", "\n", "\r\n", "\u{a0}", "\u{2028}", "é", "e.g.", "..",
            "\t", "?!", "x", "\u{3000}",
        ];
        let mut random = crate::test_random::SplitMix64::new(0x7e47);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..random.below(12) {
                text.push_str(pieces[random.below(pieces.len())]);
            }
            let got: Vec<&str> = sentences(&text).collect();
            assert_eq!(got, sentences_char_by_char(&text), "{text:?}");
        }
    }

    #[test]
    fn a_quote_is_the_first_sentence_that_shows_the_theme() {
        let lexicon = [
            Theme::of_terms("reports", &["report"]),
            Theme::of_terms("spans", &["adds. weeks"]),
        ];
        let comment = "Fine overall. Reports take long! The gate adds. Weeks pass. Reports again.";
        let shown = CommentThemes::of(comment, &lexicon).unwrap();
        assert_eq!(
            shown,
            CommentThemes(vec![
                (0, Some("Reports take long!".into())),
                // A term across a sentence break: the whole comment, cut.
                (1, Some(comment.into())),
            ])
        );
        assert_eq!(
            CommentThemes::of("   ", &lexicon),
            Some(CommentThemes(vec![]))
        );
    }
}
