//! Reads the catalog files in `data/catalog/` into `model::Catalog`.

use std::path::Path;

use crate::ingest::error::IngestError;
use crate::model::catalog::Catalog;

/// Reads `services.csv`, `outcomes.csv`, `approaches.csv` and `customer_groups.csv` from `dir`.
pub fn read_catalog(dir: &Path) -> Result<Catalog, IngestError> {
    let _ = dir;
    todo!("issue 2: catalog")
}
