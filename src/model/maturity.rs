//! Service-maturity percentages per category (formula from the domain reference).

use serde::Serialize;

use crate::model::catalog::Catalog;
use crate::model::key_map::KeyMap;
use crate::model::service::{ServiceCategory, ServiceKey};
use crate::model::survey::ServiceMaturity;

/// Current and target maturity % of one category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CategoryMaturity {
    /// The category.
    pub category: ServiceCategory,
    /// Σ current levels ÷ (services in the category × 5) × 100; unassessed services count 0.
    pub current_percent: f64,
    /// The same with target levels.
    pub target_percent: f64,
    /// Services of the category with an assessment.
    pub assessed: u32,
}

/// The three category percentages, or an empty list when nothing was assessed.
pub fn category_maturity(
    catalog: &Catalog,
    assessment: &KeyMap<ServiceKey, ServiceMaturity>,
) -> Vec<CategoryMaturity> {
    if assessment.is_empty() {
        return Vec::new();
    }
    ServiceCategory::ALL
        .iter()
        .map(|&category| {
            let in_category: Vec<ServiceKey> = catalog
                .services()
                .iter()
                .filter(|s| s.category == category)
                .map(|s| s.key)
                .collect();
            let max = in_category.len() as f64 * 5.0;
            let (mut current, mut target, mut assessed) = (0u32, 0u32, 0u32);
            for key in &in_category {
                if let Some(m) = assessment.get(key) {
                    assessed += 1;
                    current += m.current.map_or(0, |v| u32::from(v.get()));
                    target += m.target.map_or(0, |v| u32::from(v.get()));
                }
            }
            CategoryMaturity {
                category,
                current_percent: f64::from(current) / max * 100.0,
                target_percent: f64::from(target) / max * 100.0,
                assessed,
            }
        })
        .collect()
}
