//! The domain as plain data: no I/O, no foreign formats, no Rhai, no PDF.
//!
//! Every stage meets here: ingest produces a `SurveySet`, rules turn each `OrganizationInput`
//! into a `Recommendation`, and report renders both.

pub mod approach;
pub mod baseline;
pub mod benchmark;
pub mod catalog;
pub mod customer;
pub mod decision;
pub mod dependency;
pub mod diff;
pub mod digest;
pub mod headline;
pub mod kept_text;
pub mod key;
pub mod key_map;
pub mod maturity;
pub mod organization;
pub mod organizations;
pub mod outcome;
pub mod outcome_answers;
pub mod period;
pub mod prose;
pub mod quality;
pub mod recommendation;
pub mod roadmap;
pub mod scale;
pub mod service;
pub mod snapshot;
pub mod survey;
pub mod survey_set;
pub mod themes;
