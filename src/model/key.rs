//! The `key_enum!` macro: closed vocabularies (services, outcomes, groups, …) as enums.
//!
//! Every domain vocabulary has a stable snake_case key that appears in CSV files, scripts, JSON
//! and reports. An enum per vocabulary gives exhaustive matches and array indexing (a service's
//! score lives at `scores[key.index()]`, no hashing on the hot path), and the macro keeps the
//! key text, parsing and serde in one place.

/// An unknown key, with the vocabulary it was checked against (for "expected …" messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The text that matched no key.
    pub found: String,
    /// The vocabulary's name, such as "customer group".
    pub vocabulary: &'static str,
    /// Every valid key, in canonical order.
    pub expected: &'static [&'static str],
}

impl UnknownKey {
    /// What was expected: "an industry (construction, energy, …)".
    pub fn expectation(&self) -> String {
        let article = match self.vocabulary.chars().next() {
            Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
            _ => "a",
        };
        format!(
            "{article} {} ({})",
            self.vocabulary,
            self.expected.join(", ")
        )
    }
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "expected {}, found {:?}", self.expectation(), self.found)
    }
}

/// A closed vocabulary: how many keys it has (implemented by `key_enum!`).
pub trait Vocabulary {
    /// How many values the vocabulary has.
    const COUNT: usize;
}

/// Defines a closed vocabulary enum with `ALL`, `COUNT`, `index`, `as_str`, `parse`,
/// `Display`, `FromStr` and string serde.
#[macro_export]
macro_rules! key_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $vocab:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $key:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in canonical order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every key text, in canonical order.
            pub const KEYS: &'static [&'static str] = &[$($key),+];
            /// How many values the vocabulary has.
            pub const COUNT: usize = Self::ALL.len();
            /// The vocabulary's name, for messages.
            pub const VOCABULARY: &'static str = $vocab;

            /// 0-based position in canonical order, for array-indexed tables.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The stable snake_case key.
            pub fn as_str(self) -> &'static str {
                Self::KEYS[self as usize]
            }

            /// Parses the exact key (trimmed, case-insensitive).
            pub fn parse(text: &str) -> Result<Self, $crate::model::key::UnknownKey> {
                let trimmed = text.trim();
                Self::ALL
                    .iter()
                    .zip(Self::KEYS)
                    .find(|(_, key)| key.eq_ignore_ascii_case(trimmed))
                    .map(|(value, _)| *value)
                    .ok_or_else(|| $crate::model::key::UnknownKey {
                        found: trimmed.to_string(),
                        vocabulary: $vocab,
                        expected: Self::KEYS,
                    })
            }
        }

        impl $crate::model::key::Vocabulary for $name {
            const COUNT: usize = $name::COUNT;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::model::key::UnknownKey;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
