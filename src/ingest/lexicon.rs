//! The catalog's comment lexicon as one automaton: which themes a comment shows, in one pass
//! over it (issue 16). Searching each of the lexicon's terms on its own was 10.6% of ingest,
//! on the cores that parse the customers file.

use aho_corasick::AhoCorasick;

use crate::model::catalog::Theme;
use crate::model::themes::CommentThemes;

/// The lexicon's terms in one Aho-Corasick automaton, each term knowing its theme.
pub(crate) struct Lexicon<'a> {
    themes: &'a [Theme],
    /// `None` when the automaton cannot be built (never for a catalog's few dozen terms):
    /// comments are then read term by term.
    terms: Option<AhoCorasick>,
    /// The theme of each term, by the term's index in the automaton.
    theme_of: Vec<usize>,
    /// Whether the automaton ignores ASCII case, so that an ASCII comment is searched as it
    /// is: lower-casing it first was an allocation per comment, and finds the same terms when
    /// no term has an ASCII capital (which a lower-cased comment could never show).
    folds_ascii: bool,
}

impl<'a> Lexicon<'a> {
    /// The automaton of `themes`' terms.
    pub(crate) fn new(themes: &'a [Theme]) -> Self {
        let (patterns, theme_of): (Vec<&str>, Vec<usize>) = themes
            .iter()
            .enumerate()
            .flat_map(|(i, theme)| theme.terms.iter().map(move |t| (t.as_str(), i)))
            .unzip();
        let folds_ascii = patterns
            .iter()
            .all(|p| !p.bytes().any(|b| b.is_ascii_uppercase()));
        let terms = AhoCorasick::builder()
            .ascii_case_insensitive(folds_ascii)
            .build(patterns)
            .ok();
        Lexicon {
            themes,
            terms,
            theme_of,
            folds_ascii,
        }
    }

    /// The themes `comment` shows: exactly what `CommentThemes::of` reads (a theme shows
    /// when any of its terms is in the lower-cased comment), found in one pass, and each
    /// theme's quote, found in one more pass per sentence until every theme has one.
    pub(crate) fn read(&self, comment: &str) -> Option<CommentThemes> {
        let Some(terms) = &self.terms else {
            return CommentThemes::of(comment, self.themes);
        };
        if self.themes.is_empty() {
            return None;
        }
        let mut shown = vec![false; self.themes.len()];
        self.mark(terms, comment, &mut shown);
        if !shown.contains(&true) {
            return Some(CommentThemes::default());
        }
        Some(CommentThemes::quoted(comment, &shown, |sentence, shows| {
            shows.fill(false);
            self.mark(terms, sentence, shows);
        }))
    }

    /// Marks in `shown` the themes whose terms are in `text` lower-cased.
    fn mark(&self, terms: &AhoCorasick, text: &str, shown: &mut [bool]) {
        let lower = if self.folds_ascii && text.is_ascii() {
            std::borrow::Cow::Borrowed(text)
        } else {
            std::borrow::Cow::Owned(text.to_lowercase())
        };
        // Overlapping: a term inside another ("gate" in "stage gate") counts too.
        for found in terms.find_overlapping_iter(lower.as_ref()) {
            shown[self.theme_of[found.pattern().as_usize()]] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_term_by_term_reads() {
        let themes = [
            Theme::of_terms("gates", &["stage gate", "gate", "sign-off"]),
            Theme::of_terms("reports", &["status report", "report twice"]),
            Theme::of_terms("red_tape", &["red tape", "ate"]),
            Theme::of_terms("unused", &["never said"]),
        ];
        let lexicon = Lexicon::new(&themes);
        for comment in [
            "The Stage Gate adds weeks. We report twice!",
            "Sign-off takes long",
            "nothing to see",
            "",
            "ÉTAT: status reports, RED TAPE",
            "gate",
        ] {
            assert_eq!(
                lexicon.read(comment),
                CommentThemes::of(comment, &themes),
                "{comment}"
            );
        }
        assert_eq!(Lexicon::new(&[]).read("gate"), None);
    }

    /// Over comments made of terms, words, sentence breaks and line breaks: the same themes
    /// and quotes as reading term by term, with and without a term that has a capital.
    #[test]
    fn random_comments_read_as_term_by_term() {
        let themes = [
            Theme::of_terms("gates", &["stage gate", "gate", "sign-off"]),
            Theme::of_terms("reports", &["status report", "report twice", "adds. weeks"]),
            Theme::of_terms("red_tape", &["red tape", "ate"]),
            Theme::of_terms("kpis", &["kpi"]),
            Theme::of_terms("capital", &["Gate"]),
            Theme::of_terms("unused", &["never said"]),
        ];
        let pieces = [
            "The Stage Gate",
            "adds",
            "weeks",
            "status report",
            "KPI",
            "red tape",
            "we",
            "report",
            "twice",
            "Sign-off",
            "gate",
            "late",
            ".",
            ". ",
            "! ",
            "? ",
            "\n",
            "\r\n",
            " ",
            "  ",
            "e.g.",
            "...",
            "Gate",
            "\u{212A}PI",
            "État",
        ];
        let mut random = crate::test_random::SplitMix64::new(0x2026);
        for lexicon_themes in [&themes[..], &themes[..4]] {
            let lexicon = Lexicon::new(lexicon_themes);
            for _ in 0..3_000 {
                let mut comment = String::new();
                for _ in 0..1 + random.below(14) {
                    comment.push_str(pieces[random.below(pieces.len())]);
                    if random.below(3) == 0 {
                        comment.push(' ');
                    }
                }
                assert_eq!(
                    lexicon.read(&comment),
                    CommentThemes::of(&comment, lexicon_themes),
                    "{comment:?}"
                );
            }
        }
    }

    #[test]
    fn case_is_folded_as_lower_casing_folds_it() {
        // An ASCII comment is searched without lower-casing it; a non-ASCII one is
        // lower-cased first (the Kelvin sign lower-cases to an ASCII `k`); a term with a
        // capital never matches a lower-cased comment, and still does not.
        let themes = [
            Theme::of_terms("kpis", &["kpi"]),
            Theme::of_terms("capital", &["Gate"]),
        ];
        let lexicon = Lexicon::new(&themes);
        for comment in ["KPI review", "\u{212A}PI review", "Gate and gate", "none"] {
            assert_eq!(
                lexicon.read(comment),
                CommentThemes::of(comment, &themes),
                "{comment}"
            );
        }
        assert!(Lexicon::new(&themes[..1]).folds_ascii);
        assert!(!lexicon.folds_ascii);
        let kelvin = Lexicon::new(&themes[..1]).read("\u{212A}PI review");
        assert!(kelvin.is_some_and(|shown| shown != CommentThemes::default()));
    }
}
