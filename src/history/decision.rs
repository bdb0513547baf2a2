//! Whether a run may write a period folder, and what the new manifest records of the one it
//! replaces.
//!
//! A period's results are history once written. Re-running with the same fingerprint (inputs,
//! config, rules, limits, options, tool version) would write the same bytes, so it is a no-op
//! that says so, unless the folder no longer matches its manifest (then it is restored). A
//! different fingerprint needs `force`, and the new manifest records the fingerprint it
//! replaced. A folder without a manifest is an unfinished run and is simply written over.

use std::path::Path;

use crate::history::results::{period_of, read_manifest_file};
use crate::history::verify::verify_period;
use crate::history::{display, HistoryError, MANIFEST};
use crate::report::Manifest;

/// What a run does with a period folder.
#[derive(Debug)]
pub enum Decision {
    /// No complete results yet: write them.
    Fresh,
    /// Complete results from the same fingerprint: nothing to do.
    UpToDate,
    /// Complete results from another fingerprint (or damaged), to be replaced.
    Replace {
        /// The manifest being replaced.
        previous: Box<Manifest>,
        /// What differs, for the user.
        changes: Vec<String>,
    },
}

/// Compares the planned manifest (outputs still empty) with what the folder holds.
pub fn decide(
    period_dir: &Path,
    planned: &Manifest,
    force: bool,
) -> Result<Decision, HistoryError> {
    let path = period_dir.join(MANIFEST);
    if !path.exists() {
        // No folder yet, or a file in its way: writing will say so (exit code 5).
        return Ok(Decision::Fresh);
    }
    let previous =
        read_manifest_file(&path, period_of(period_dir)).map_err(|e| HistoryError::Unusable {
            path: display(&path),
            message: format!("{e}; move the folder away or delete it"),
        })?;
    let changes = planned.fingerprint().differences(&previous.fingerprint());
    if changes.is_empty() {
        let damage = verify_period(period_dir, &previous)?;
        // Files nobody listed are not ours: `history` names them, a run leaves them be.
        return Ok(if damage.changed.is_empty() && damage.missing.is_empty() {
            Decision::UpToDate
        } else {
            // Same inputs give the same bytes: restoring damaged files needs no `force`.
            Decision::Replace {
                previous: Box::new(previous),
                changes: vec![format!("restoring {}", damage.describe())],
            }
        });
    }
    if !force {
        return Err(HistoryError::PeriodExists {
            dir: display(period_dir),
            changes,
        });
    }
    Ok(Decision::Replace {
        previous: Box::new(previous),
        changes,
    })
}

/// Records in the new manifest what it replaces: the previous fingerprint when it differs,
/// else what the previous manifest itself replaced (a restore is not a new version).
pub fn record_replaced(manifest: &mut Manifest, decision: &Decision) {
    if let Decision::Replace { previous, .. } = decision {
        manifest.replaces = if previous.fingerprint() != manifest.fingerprint() {
            Some(Box::new(previous.fingerprint()))
        } else {
            previous.replaces.clone()
        };
    }
}
