//! How the reports and the rules write lists and counts in English, so that both read alike.

/// Items as a sentence list: "a", "a and b", "a, b and c". When an item has an "and" of its
/// own ("external partners and clients"), the last one is set off by a comma ("a, b, and c";
/// "a, and b") so that no reader takes the item apart.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let has_and = items.iter().any(|i| i.as_ref().contains(" and "));
            let mut out = String::new();
            for (n, item) in rest.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(item.as_ref());
            }
            out.push_str(if has_and { ", and " } else { " and " });
            out.push_str(last.as_ref());
            out
        }
    }
}

/// A whole number with a comma between thousands: "950", "8,400", "-12,000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_one_sentence() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        // An item's own "and" never runs into the list's.
        assert_eq!(
            and_list(&[
                "executives",
                "external partners and clients",
                "portfolio managers"
            ]),
            "executives, external partners and clients, and portfolio managers"
        );
        assert_eq!(
            and_list(&["external partners and clients", "executives"]),
            "external partners and clients, and executives"
        );
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(950), "950");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(8400), "8,400");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
        assert_eq!(thousands(i64::MIN), "-9,223,372,036,854,775,808");
    }
}
