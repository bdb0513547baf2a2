//! Sandbox-checked replacements for Rhai's `replace`, which builds its whole result before
//! the engine compares it with `max_string_size`: two 64 KiB strings asked for a 4 GiB
//! allocation (issue 11). These check the result's size first and then do the same work.
//!
//! They keep Rhai's names and argument types, so scripts see no difference; the engine
//! registers them after the standard packages, which they shadow. They are not part of the
//! host API reference: Rhai documents `replace`.

use rhai::plugin::*;

/// `replace` with its result's size checked before it is built.
#[export_module]
pub mod strings_api {
    use rhai::{EvalAltResult, ImmutableString, NativeCallContext};

    /// Replaces every `find` with `substitute`.
    #[rhai_fn(name = "replace", return_raw)]
    pub fn replace(
        ctx: NativeCallContext,
        string: &mut ImmutableString,
        find: &str,
        substitute: &str,
    ) -> Result<(), Box<EvalAltResult>> {
        super::replace_checked(&ctx, string, find, substitute)
    }

    /// Replaces every `find` with the character `substitute`.
    #[rhai_fn(name = "replace", return_raw)]
    pub fn replace_string_with_char(
        ctx: NativeCallContext,
        string: &mut ImmutableString,
        find: &str,
        substitute: char,
    ) -> Result<(), Box<EvalAltResult>> {
        super::replace_checked(&ctx, string, find, &substitute.to_string())
    }

    /// Replaces every character `find` with `substitute`.
    #[rhai_fn(name = "replace", return_raw)]
    pub fn replace_char_with_string(
        ctx: NativeCallContext,
        string: &mut ImmutableString,
        find: char,
        substitute: &str,
    ) -> Result<(), Box<EvalAltResult>> {
        super::replace_checked(&ctx, string, &find.to_string(), substitute)
    }

    /// Replaces every character `find` with the character `substitute`.
    #[rhai_fn(name = "replace", return_raw)]
    pub fn replace_char(
        ctx: NativeCallContext,
        string: &mut ImmutableString,
        find: char,
        substitute: char,
    ) -> Result<(), Box<EvalAltResult>> {
        super::replace_checked(&ctx, string, &find.to_string(), &substitute.to_string())
    }
}

/// Rhai's "too large" error, which `RuleError` reports as R054 with the limits.
pub(crate) fn too_large(what: &str) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorDataTooLarge(
        what.to_string(),
        rhai::Position::NONE,
    ))
}

/// Whether a string of `bytes` fits the engine's `max_string_size`.
pub(crate) fn fits(ctx: &NativeCallContext, bytes: usize) -> bool {
    let max = ctx.engine().max_string_size();
    max == 0 || bytes <= max
}

fn replace_checked(
    ctx: &NativeCallContext,
    string: &mut rhai::ImmutableString,
    find: &str,
    substitute: &str,
) -> Result<(), Box<EvalAltResult>> {
    if string.is_empty() {
        return Ok(());
    }
    // `str::replace` with an empty pattern inserts at every character boundary.
    let count = if find.is_empty() {
        string.chars().count() + 1
    } else {
        string.matches(find).count()
    };
    let removed = count.saturating_mul(find.len());
    let added = count.saturating_mul(substitute.len());
    let result = string.len().saturating_sub(removed).saturating_add(added);
    if !fits(ctx, result) {
        return Err(too_large("Length of string"));
    }
    *string = string.replace(find, substitute).into();
    Ok(())
}
