//! The domain catalog: services, outcomes and their links, approaches and customer groups.
//!
//! Built by `ingest::catalog` from the editable files in `data/catalog/`; `Catalog::new` checks
//! the invariants that the rules and reports rely on (every key present exactly once).

use crate::model::approach::Approach;
use crate::model::customer::CustomerGroup;
use crate::model::dependency::{ServiceDependency, ServiceEffort};
use crate::model::outcome::{OutcomeKey, PerceptionHorizon};
use crate::model::service::{Domain, ServiceCategory, ServiceKey};

/// One PMO service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Key.
    pub key: ServiceKey,
    /// Display name.
    pub name: String,
    /// Category.
    pub category: ServiceCategory,
    /// Domains it applies to.
    pub domains: Vec<Domain>,
    /// One-sentence description.
    pub description: String,
}

/// One outcome customers may want.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Key.
    pub key: OutcomeKey,
    /// Display name.
    pub name: String,
    /// When its value is perceived.
    pub horizon: PerceptionHorizon,
    /// The symptom that shows the need.
    pub symptom: String,
    /// The services most recommended for it.
    pub services: Vec<ServiceKey>,
}

/// Display information of an approach.
#[derive(Debug, Clone, PartialEq)]
pub struct ApproachInfo {
    /// Key.
    pub key: Approach,
    /// Display name.
    pub name: String,
    /// Who decides, in a sentence.
    pub who_decides: String,
}

/// Display information of a customer group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupInfo {
    /// Key.
    pub key: CustomerGroup,
    /// Display name.
    pub name: String,
}

/// A comment theme of the editable lexicon (`themes.csv`): words that show it in free text and
/// the services it concerns (process burden → the services to simplify or tailor).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Stable snake_case key, such as `bureaucracy`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Lower-case words or phrases; a comment containing any of them has the theme.
    pub terms: Vec<String>,
    /// The services the theme concerns.
    pub services: Vec<ServiceKey>,
}

impl Theme {
    /// Whether a comment shows this theme (case-insensitive substring match on any term).
    pub fn matches(&self, lowercase_comment: &str) -> bool {
        self.terms
            .iter()
            .any(|t| lowercase_comment.contains(t.as_str()))
    }
}

#[cfg(test)]
impl Theme {
    /// A theme named by its key, with these terms and no services (for tests).
    pub(crate) fn of_terms(key: &str, terms: &[&str]) -> Theme {
        Theme {
            key: key.into(),
            name: key.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            services: Vec::new(),
        }
    }
}

/// One row of the relevance table (`relevance.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct RelevanceRow {
    /// The service.
    pub service: ServiceKey,
    /// The groups it concerns.
    pub groups: Vec<CustomerGroup>,
    /// The groups that never receive it, even when their own top outcomes link to it.
    pub never: Vec<CustomerGroup>,
}

/// The whole catalog, each list in its key's canonical order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    services: Vec<Service>,
    outcomes: Vec<Outcome>,
    approaches: Vec<ApproachInfo>,
    groups: Vec<GroupInfo>,
    themes: Vec<Theme>,
    /// Which service builds on which (`dependencies.csv`), in file order.
    dependencies: Vec<ServiceDependency>,
    /// PMO effort per service (`service_effort.csv`), by service index, when given.
    effort: Vec<Option<ServiceEffort>>,
    /// Per group (by index), per service (by index): whether the service concerns the group.
    relevance: Vec<Vec<bool>>,
    /// Per group, per service: the group never receives the service, whatever it ranks.
    excluded: Vec<Vec<bool>>,
}

/// A catalog invariant that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogGap(pub String);

impl Catalog {
    /// Sorts each list into canonical order and checks that every key appears exactly once.
    pub fn new(
        mut services: Vec<Service>,
        mut outcomes: Vec<Outcome>,
        mut approaches: Vec<ApproachInfo>,
        mut groups: Vec<GroupInfo>,
    ) -> Result<Self, CatalogGap> {
        services.sort_by_key(|s| s.key);
        outcomes.sort_by_key(|o| o.key);
        approaches.sort_by_key(|a| a.key);
        groups.sort_by_key(|g| g.key);
        check_complete("service", services.iter().map(|s| s.key), ServiceKey::ALL)?;
        check_complete("outcome", outcomes.iter().map(|o| o.key), OutcomeKey::ALL)?;
        check_complete("approach", approaches.iter().map(|a| a.key), Approach::ALL)?;
        check_complete(
            "customer group",
            groups.iter().map(|g| g.key),
            CustomerGroup::ALL,
        )?;
        Ok(Catalog {
            services,
            outcomes,
            approaches,
            groups,
            themes: Vec::new(),
            dependencies: Vec::new(),
            effort: vec![None; ServiceKey::COUNT],
            // Without a relevance table every service concerns every group (the old default).
            relevance: vec![vec![true; ServiceKey::COUNT]; CustomerGroup::COUNT],
            excluded: vec![vec![false; ServiceKey::COUNT]; CustomerGroup::COUNT],
        })
    }

    /// The catalog with a comment-theme lexicon.
    pub fn with_themes(mut self, themes: Vec<Theme>) -> Self {
        self.themes = themes;
        self
    }

    /// The catalog with a relevance table: for each service, the groups it concerns and the
    /// groups that never receive it.
    pub fn with_relevance(mut self, rows: &[RelevanceRow]) -> Self {
        self.relevance = vec![vec![false; ServiceKey::COUNT]; CustomerGroup::COUNT];
        for row in rows {
            for g in &row.groups {
                self.relevance[g.index()][row.service.index()] = true;
            }
            for g in &row.never {
                self.excluded[g.index()][row.service.index()] = true;
            }
        }
        self
    }

    /// The catalog with a dependency table (checked for cycles by the reader).
    pub fn with_dependencies(mut self, dependencies: Vec<ServiceDependency>) -> Self {
        self.dependencies = dependencies;
        self
    }

    /// The catalog with an effort table.
    pub fn with_effort(mut self, effort: Vec<ServiceEffort>) -> Self {
        for e in effort {
            let i = e.service.index();
            self.effort[i] = Some(e);
        }
        self
    }

    /// The dependency table, in file order (empty without `dependencies.csv`).
    pub fn dependencies(&self) -> &[ServiceDependency] {
        &self.dependencies
    }

    /// The effort row of a service, if the effort table has one.
    pub fn effort(&self, service: ServiceKey) -> Option<&ServiceEffort> {
        self.effort[service.index()].as_ref()
    }

    /// Whether the catalog has an effort table at all.
    pub fn has_effort(&self) -> bool {
        self.effort.iter().any(Option::is_some)
    }

    /// Whether the relevance table says a group never receives a service.
    pub fn excludes(&self, group: CustomerGroup, service: ServiceKey) -> bool {
        self.excluded[group.index()][service.index()]
    }

    /// The comment themes, in file order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// Whether the relevance table says a service concerns a group.
    pub fn concerns(&self, group: CustomerGroup, service: ServiceKey) -> bool {
        self.relevance[group.index()][service.index()]
    }

    /// Every service, in S1–S26 order.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// One service.
    pub fn service(&self, key: ServiceKey) -> &Service {
        &self.services[key.index()]
    }

    /// Every outcome, in O1–O30 order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// One outcome.
    pub fn outcome(&self, key: OutcomeKey) -> &Outcome {
        &self.outcomes[key.index()]
    }

    /// One approach's display information.
    pub fn approach(&self, key: Approach) -> &ApproachInfo {
        &self.approaches[key.index()]
    }

    /// One customer group's display information.
    pub fn group(&self, key: CustomerGroup) -> &GroupInfo {
        &self.groups[key.index()]
    }

    /// How many outcome→service links there are (128 in the reference catalog).
    pub fn link_count(&self) -> usize {
        self.outcomes.iter().map(|o| o.services.len()).sum()
    }
}

fn check_complete<K: Copy + PartialEq + std::fmt::Display>(
    what: &str,
    found: impl Iterator<Item = K>,
    all: &[K],
) -> Result<(), CatalogGap> {
    let found: Vec<K> = found.collect();
    for window in found.windows(2) {
        if window[0] == window[1] {
            return Err(CatalogGap(format!(
                "{what} `{}` is listed twice",
                window[0]
            )));
        }
    }
    if let Some(missing) = all.iter().find(|k| !found.contains(k)) {
        return Err(CatalogGap(format!("{what} `{missing}` is missing")));
    }
    Ok(())
}
