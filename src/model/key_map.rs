//! `KeyMap`: an ordered map keyed by a closed vocabulary (`key_enum!`), in one block with room
//! for the whole vocabulary, allocated at the first insert.
//!
//! Every organization holds two such maps until its report is written: its customer groups
//! (seven at most) and its service-maturity assessment (26 at most). As `BTreeMap`s they cost
//! a leaf node with room for eleven 168-byte groups whatever the count (1.9 KB), and five
//! nodes for 26 services (0.46 KB); here they cost 1.2 KB and 78 bytes, one block each, never
//! moved once allocated: grown entry by entry, the blocks went through every size class and
//! left holes in each (issue 16). Inserting is linear in the entries, nothing at a
//! vocabulary's size.

use std::fmt;

use crate::model::key::Vocabulary;

/// A map ordered by key, with the part of `BTreeMap`'s interface the model uses; iteration is
/// in key order, as `BTreeMap`'s.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMap<K, V> {
    /// Sorted by key, each key once; empty, or with room for every key of the vocabulary.
    entries: Vec<(K, V)>,
}

impl<K, V> Default for KeyMap<K, V> {
    fn default() -> Self {
        KeyMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Vocabulary + Ord, V> KeyMap<K, V> {
    /// An empty map (allocates nothing).
    pub fn new() -> Self {
        KeyMap::default()
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &K) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.insert_at(i, key, value);
                None
            }
        }
    }

    /// Inserts a new entry at `i`; the first one allocates room for the whole vocabulary.
    fn insert_at(&mut self, i: usize, key: K, value: V) -> &mut V {
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(K::COUNT);
        }
        self.entries.insert(i, (key, value));
        &mut self.entries[i].1
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entry of `key`, to fill in place.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        Entry { map: self, key }
    }

    /// Removes every entry and lets go of the block.
    pub fn clear(&mut self) {
        self.entries = Vec::new();
    }
}

impl<K, V> KeyMap<K, V> {
    /// Entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter(self.entries.iter())
    }

    /// Entries in key order, values changeable.
    pub fn iter_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Values in key order, changeable.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

/// One key's place in a `KeyMap`, filled or not.
pub struct Entry<'a, K, V> {
    map: &'a mut KeyMap<K, V>,
    key: K,
}

impl<'a, K: Vocabulary + Ord, V> Entry<'a, K, V> {
    /// The key's value, inserting `make()` first when it has none.
    pub fn or_insert_with(self, make: impl FnOnce() -> V) -> &'a mut V {
        match self.map.find(&self.key) {
            Ok(i) => &mut self.map.entries[i].1,
            Err(i) => self.map.insert_at(i, self.key, make()),
        }
    }

    /// The key's value, inserting the default first when it has none.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

/// `KeyMap::iter`'s iterator: `(&key, &value)` in key order.
#[derive(Clone)]
pub struct Iter<'a, K, V>(std::slice::Iter<'a, (K, V)>);

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<'a, K, V> IntoIterator for &'a KeyMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<K, V> IntoIterator for KeyMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Vocabulary + Ord, V> FromIterator<(K, V)> for KeyMap<K, V> {
    /// Later values of a key replace earlier ones, as in `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = KeyMap::new();
        map.extend(iter);
        map
    }
}

impl<K: Vocabulary + Ord, V> Extend<(K, V)> for KeyMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Vocabulary + Ord, V, const N: usize> From<[(K, V); N]> for KeyMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K: Vocabulary + Ord, V> std::ops::Index<&K> for KeyMap<K, V> {
    type Output = V;

    /// The value of `key`; panics when it has none, as `BTreeMap`'s index does.
    fn index(&self, key: &K) -> &V {
        self.get(key).expect("no entry for the key in KeyMap")
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for KeyMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::customer::CustomerGroup::{self, *};

    #[test]
    fn keeps_keys_in_order_and_each_once() {
        let mut map = KeyMap::new();
        for (k, v) in [
            (Executive, "c"),
            (ProjectManager, "a"),
            (ProgramManager, "b"),
        ] {
            map.insert(k, v);
        }
        assert_eq!(map.insert(ProjectManager, "A"), Some("a"));
        let entries: Vec<_> = map.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(
            entries,
            [
                (ProjectManager, "A"),
                (ProgramManager, "b"),
                (Executive, "c")
            ]
        );
        assert_eq!(map.get(&ProgramManager), Some(&"b"));
        assert_eq!(map.remove(&ProgramManager), Some("b"));
        assert_eq!(map.get(&ProgramManager), None);
        assert!(!map.contains_key(&ProgramManager));
        *map.entry(ExternalPartner).or_default() = "e";
        *map.entry(PortfolioManager).or_insert_with(|| "z") = "p";
        assert_eq!(
            map.keys().copied().collect::<Vec<_>>(),
            [ProjectManager, PortfolioManager, Executive, ExternalPartner]
        );
        assert_eq!(map.values().next_back(), Some(&"e"));
        assert_eq!(
            format!("{map:?}"),
            r#"{ProjectManager: "A", PortfolioManager: "p", Executive: "c", ExternalPartner: "e"}"#
        );
    }

    #[test]
    fn allocates_once_with_room_for_the_vocabulary() {
        let mut map: KeyMap<CustomerGroup, [u8; 100]> = KeyMap::new();
        assert_eq!(map.entries.capacity(), 0);
        map.insert(Executive, [1; 100]);
        let block = map.entries.as_ptr();
        for k in CustomerGroup::ALL {
            map.entry(*k).or_insert_with(|| [2; 100]);
        }
        assert_eq!(map.len(), CustomerGroup::COUNT);
        assert_eq!(map.entries.capacity(), CustomerGroup::COUNT);
        assert_eq!(map.entries.as_ptr(), block, "the block never moves");
        map.clear();
        assert_eq!(map.entries.capacity(), 0);
    }
}
