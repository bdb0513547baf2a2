//! The reasons host functions record: the caller's location, and the checks every reason
//! passes (not blank, no `inf`/`NaN`, bounded size and count per organization).
//!
//! Apart from `state.rs` because `reason` runs while `with_recorder` holds the evaluation's
//! context borrowed, so its budget lives in a thread-local of its own.

use std::cell::Cell;
use std::sync::{Arc, LazyLock};

use memchr::memmem::Finder;
use rhai::NativeCallContext;

use crate::model::decision::{Reason, RuleLocation};
use crate::rules::limits::{MAX_DECISIONS, MAX_REASON_BYTES, MAX_REASON_BYTES_PER_ORGANIZATION};

thread_local! {
    /// Reasons recorded in the running evaluation and their bytes.
    static REASONS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// Starts a new evaluation's reason budget on this thread.
pub(crate) fn reset_reason_budget() {
    REASONS.with(|r| r.set((0, 0)));
}

/// A host-API error: message and hints (such as "did you mean …").
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    /// Lower-case, no final full stop.
    pub message: String,
    /// Likely fixes.
    pub hints: Vec<String>,
}

impl ApiError {
    /// A message without hints.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ApiError {
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Adds a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

/// The caller's script and position, as a rule location.
pub(crate) fn location(ctx: &NativeCallContext) -> Option<RuleLocation> {
    let pos = ctx.call_position();
    let file = ctx.call_source().or(ctx.fn_source())?;
    Some(RuleLocation {
        file: shared_name(file),
        line: pos.line().and_then(|l| u32::try_from(l).ok()).unwrap_or(0),
        column: pos
            .position()
            .and_then(|c| u32::try_from(c).ok())
            .unwrap_or(0),
    })
}

/// Script names this thread has handed out, shared by every reason of a script: a reason used
/// to copy its script's name, an allocation per reason (hundreds per organization).
const SHARED_NAMES_KEPT: usize = 64;

thread_local! {
    static SHARED_NAMES: std::cell::RefCell<Vec<Arc<str>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `file` as a shared name: the one handed out before when there is one (a rule set has a
/// few dozen scripts at most; past `SHARED_NAMES_KEPT` names, a new one each time).
fn shared_name(file: &str) -> Arc<str> {
    SHARED_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if let Some(name) = names.iter().find(|n| ***n == *file) {
            return Arc::clone(name);
        }
        let name: Arc<str> = Arc::from(file);
        if names.len() < SHARED_NAMES_KEPT {
            names.push(Arc::clone(&name));
        }
        name
    })
}

/// The searchers of `non_finite_token`, built once (building one took as long as a search).
static INF: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("inf"));
static NAN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("NaN"));

/// The first word of `text` that is how Rhai prints a non-finite float (`inf`, `-inf`, `NaN`).
fn non_finite_token(text: &str) -> Option<&str> {
    // Every reason passes here: a substring search rules out nearly all of them before the
    // word split, which cost 15% of rule evaluation (issue 16). Words such as "information"
    // or "influence" passed that search; an occurrence followed by a letter or digit is not
    // a token, so only a likely one pays for the split (2.7% of rule evaluation, session 8).
    let bytes = text.as_bytes();
    let ends_word = |at: usize| bytes.get(at + 3).is_none_or(|b| !b.is_ascii_alphanumeric());
    let likely = |needle: &Finder| needle.find_iter(bytes).any(ends_word);
    if !likely(&INF) && !likely(&NAN) {
        return None;
    }
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | ',' | ';' | ':' | '/' | '=')
    })
    .map(|w| w.trim_end_matches(['.', '%']))
    .find(|w| matches!(*w, "inf" | "-inf" | "+inf" | "NaN" | "-NaN"))
}

/// A reason with the caller's location; refuses blank reasons and non-finite figures.
pub(crate) fn reason(
    ctx: &NativeCallContext,
    text: impl AsRef<str> + Into<String>,
) -> Result<Reason, ApiError> {
    let trimmed = text.as_ref().trim();
    // A text built by the host (already trimmed, owned) is kept without a copy.
    let owned = if trimmed.len() == text.as_ref().len() {
        text.into()
    } else {
        trimmed.to_string()
    };
    let text = owned.as_str();
    if text.is_empty() {
        return Err(ApiError::new(
            "every decision needs a business-readable reason, found an empty one",
        ));
    }
    if let Some(token) = non_finite_token(text) {
        return Err(ApiError::new(format!(
            "a reason shows `{token}`, which is not a number a reader can use: a division by zero (or another undefined result) reached it"
        ))
        .with_hint("check the divisor first, e.g. `if n > 0 { total / n } else { 0.0 }`, or leave the figure out of the reason"));
    }
    // Reasons are kept until the report is written: without these caps a loop of 64 KiB
    // reasons held gigabytes (issue 11).
    if text.len() > MAX_REASON_BYTES {
        return Err(ApiError::new(format!(
            "a reason is a sentence of at most {MAX_REASON_BYTES} bytes, found {} bytes",
            text.len()
        )));
    }
    let (count, bytes) = REASONS.with(|r| {
        let (count, bytes) = r.get();
        r.set((count + 1, bytes + text.len()));
        r.get()
    });
    if bytes > MAX_REASON_BYTES_PER_ORGANIZATION {
        return Err(ApiError::new(format!(
            "the reasons of one organization exceed {} KiB",
            MAX_REASON_BYTES_PER_ORGANIZATION / 1024
        ))
        .with_hint("a decision inside a very long loop, or reasons that repeat long text?"));
    }
    if count > MAX_DECISIONS {
        return Err(ApiError::new(format!(
            "more than {MAX_DECISIONS} decisions recorded for one organization"
        ))
        .with_hint("a decision inside an endless or very long loop?"));
    }
    Ok(Reason::new(owned, location(ctx)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_of_one_script_share_its_name() {
        let a = shared_name("rules/30_approaches.rhai");
        let b = shared_name("rules/30_approaches.rhai");
        let other = shared_name("rules/50_alerts.rhai");
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(&*other, "rules/50_alerts.rhai");
        assert!(!Arc::ptr_eq(&a, &other));
    }

    #[test]
    fn past_the_kept_names_a_name_is_still_right() {
        for i in 0..SHARED_NAMES_KEPT + 5 {
            assert_eq!(
                &*shared_name(&format!("rules/{i}.rhai")),
                format!("rules/{i}.rhai")
            );
        }
    }

    #[test]
    fn finds_non_finite_tokens_and_only_them() {
        for (text, token) in [
            ("the mean is inf.", Some("inf")),
            ("gap -inf points", Some("-inf")),
            ("score (NaN)", Some("NaN")),
            ("ratio=+inf%", Some("+inf")),
            ("NaN", Some("NaN")),
            ("more information and influence", None),
            ("infinity is not a figure; nor is NaNo", None),
            ("informed: inf", Some("inf")),
            ("x\u{a0}inf", Some("inf")),
        ] {
            assert_eq!(non_finite_token(text), token, "{text}");
        }
    }
}
