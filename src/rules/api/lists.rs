//! The `in` operator on lists of strings, compared in Rust.
//!
//! Rhai's generic `contains` (what `x in list` calls) dispatches `==` through the engine for
//! every item: in the profile of the default rules that was 11% of rule evaluation
//! (`s in relevant` inside loops over services). This override keeps Rhai's name and
//! arguments for the one case the rules use — a string looked up in an array — so scripts see
//! no difference; every other `in` still goes to Rhai's own. Like `strings.rs`, it is
//! registered after the standard packages, which it shadows, and kept out of the API reference.

use rhai::plugin::*;

/// `contains(array, string)`: the `in` operator for a string.
#[export_module]
pub mod lists_api {
    use rhai::{Array, ImmutableString};

    /// Whether `list` holds the string `item` (`item in list`).
    #[rhai_fn(name = "contains", pure)]
    pub fn contains_string(list: &mut Array, item: ImmutableString) -> bool {
        super::holds(list, &item)
    }
}

/// Whether `list` holds a string equal to `item` (items of other types never are).
pub(crate) fn holds(list: &[rhai::Dynamic], item: &str) -> bool {
    list.iter().any(|d| {
        d.read_lock::<rhai::ImmutableString>()
            .is_some_and(|s| s.as_str() == item)
    })
}

#[cfg(test)]
mod tests {
    use rhai::{Array, Dynamic};

    use super::holds;

    #[test]
    fn only_equal_strings_are_held() {
        let list: Array = vec![Dynamic::from("risk_management"), Dynamic::from(3_i64)];
        assert!(holds(&list, "risk_management"));
        assert!(!holds(&list, "risk"));
        assert!(!holds(&list, "3"));
    }
}
