//! The organizations of a survey set, in id order: one vector, looked up by binary search.
//!
//! A `BTreeMap` held each organization in a node with room for eleven (about 450 bytes an
//! organization for 288 of data), and building it at the end of ingest copied every input
//! once more, at the run's peak (issue 16). Ingest's registry already holds the inputs in a
//! vector: sorted in place, it is the set.

use std::ops::Index;

use crate::model::organization::OrganizationId;
use crate::model::survey::OrganizationInput;

/// Organizations by id, each id once, iterated in id order (as a `BTreeMap` would be).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Organizations(Vec<OrganizationInput>);

impl Organizations {
    /// The set of `inputs`, whose ids are distinct, in any order (sorted in place).
    ///
    /// # Panics
    /// In debug builds, when two inputs share an id.
    pub fn from_inputs(mut inputs: Vec<OrganizationInput>) -> Self {
        inputs.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        debug_assert!(inputs.windows(2).all(|w| w[0].id != w[1].id));
        Organizations(inputs)
    }

    /// The organization `id`.
    pub fn get(&self, id: &OrganizationId) -> Option<&OrganizationInput> {
        self.0
            .binary_search_by(|input| input.id.cmp(id))
            .ok()
            .map(|at| &self.0[at])
    }

    /// How many organizations.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ids, in order.
    pub fn keys(&self) -> impl Iterator<Item = &OrganizationId> {
        self.0.iter().map(|input| &input.id)
    }

    /// The organizations, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, OrganizationInput> {
        self.0.iter()
    }

    /// The organizations, in id order, to change (not their ids: the order rests on them).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut OrganizationInput> {
        self.0.iter_mut()
    }

    /// The organizations, in id order, as a slice (for a parallel iterator).
    pub fn as_slice(&self) -> &[OrganizationInput] {
        &self.0
    }

    /// (id, organization) pairs, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&OrganizationId, &OrganizationInput)> {
        self.into_iter()
    }

    /// Keeps the organizations `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&OrganizationInput) -> bool) {
        self.0.retain(keep);
    }

    /// The organizations, in id order, owned (collected into a `Vec`, the same buffer).
    pub fn into_values(self) -> std::vec::IntoIter<OrganizationInput> {
        self.0.into_iter()
    }
}

impl Index<&OrganizationId> for Organizations {
    type Output = OrganizationInput;

    /// # Panics
    /// When there is no organization `id` (as a map's index does).
    fn index(&self, id: &OrganizationId) -> &OrganizationInput {
        self.get(id)
            .unwrap_or_else(|| panic!("no organization `{id}` in the set"))
    }
}

impl<'a> IntoIterator for &'a Organizations {
    type Item = (&'a OrganizationId, &'a OrganizationInput);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, OrganizationInput>,
        fn(&'a OrganizationInput) -> (&'a OrganizationId, &'a OrganizationInput),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|input| (&input.id, input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str) -> OrganizationInput {
        OrganizationInput::new(OrganizationId::new(id).unwrap())
    }

    #[test]
    fn keeps_id_order_and_finds_each() {
        let mut set = Organizations::from_inputs(vec![org("gamma"), org("alpha"), org("beta")]);
        let ids: Vec<&str> = set.keys().map(OrganizationId::as_str).collect();
        assert_eq!(ids, ["alpha", "beta", "gamma"]);
        let beta = OrganizationId::new("beta").unwrap();
        assert_eq!(set.get(&beta).map(|o| o.id.as_str()), Some("beta"));
        assert_eq!(set[&beta].id, beta);
        assert!(set.get(&OrganizationId::new("delta").unwrap()).is_none());
        assert_eq!((&set).into_iter().count(), 3);
        set.retain(|o| o.id != beta);
        assert_eq!(set.len(), 2);
        assert!(set.get(&beta).is_none());
        assert!(!set.is_empty() && Organizations::default().is_empty());
    }
}
