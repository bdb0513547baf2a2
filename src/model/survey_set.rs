//! The survey set: what ingest hands to the rest of the run.

use crate::model::kept_text::StoredTexts;
use crate::model::organizations::Organizations;
use crate::model::quality::DataQuality;
use crate::model::survey::InputHash;

/// All organizations of one run, in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveySet {
    /// Organizations by id.
    pub organizations: Organizations,
    /// Per-source totals and findings of the whole run.
    pub data_quality: DataQuality,
    /// SHA-256 of each input file read to its end, taken while reading (for the manifest).
    pub input_hashes: Vec<InputHash>,
    /// Where the organizations' comments and quotes wait when ingest stored them
    /// (`IngestOptions::store_texts`); each organization loads its own before use.
    pub texts: Option<StoredTexts>,
}
