//! The finding for characters that no embedded font has (P002): one per report, listing each
//! character with its code point, so a reader of stderr or of the data-quality appendix knows
//! what the `?` in the report stand for and which font to add.

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Location, Severity};
use crate::report::fonts::FALLBACK_CHAR;

/// The code of the finding.
pub const MISSING_CHARACTERS: &str = "P002";

/// The finding naming `chars` (in code-point order), each as `U+XXXX "c"`.
pub fn missing_finding(chars: &BTreeSet<char>) -> Diagnostic {
    let listed: Vec<String> = chars
        .iter()
        .map(|&c| format!("U+{:04X} {c:?}", c as u32))
        .collect();
    Diagnostic::new(
        MISSING_CHARACTERS,
        Severity::Warning,
        format!(
            "no embedded font has {} character(s), shown as {FALLBACK_CHAR:?}: {}",
            chars.len(),
            listed.join(", ")
        ),
        Location::None,
    )
    .with_hint("add a font that has them to `fallback_fonts` under [report] in the config")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_character_with_its_code_point() {
        let finding = missing_finding(&['東', '京'].into_iter().collect());
        assert_eq!(finding.code, "P002");
        assert_eq!(
            finding.message,
            "no embedded font has 2 character(s), shown as '?': U+4EAC '京', U+6771 '東'"
        );
    }
}
