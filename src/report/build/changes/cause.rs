//! Why a group's dominant approach moved, as far as the compared inputs tell: the group's
//! PM maturity against the default mapping's bands, and the baseline context (change
//! readiness, risk tolerance, regulation, decision style, existing PMO).
//!
//! The narrative names only an input that actually moved. Maturity is credited only when it
//! crossed a band in the approach's direction; when nothing compared moved, the sentence says
//! so (or that the rules changed) instead of inventing a cause.

use crate::model::diff::{GroupDiff, InputChange, NumberChange, OrgDiff};
use crate::report::build::changes::join_and;
use crate::report::build::num;

/// Where the default approach mapping's maturity bands start (rules/30_approaches.rhai,
/// rules/tables/approach_by_maturity.csv): a move inside a band does not change the mapped
/// approach. The result JSON does not carry the table, so a customised mapping is not seen.
const MATURITY_BANDS: [f64; 4] = [1.5, 2.5, 3.5, 4.5];

/// The band a maturity falls in: 0 below 1.5, up to 4 from 4.5.
fn band(maturity: f64) -> usize {
    MATURITY_BANDS.iter().filter(|b| maturity >= **b).count()
}

/// The cause clause for a group whose dominant approach moved, without the leading direction
/// (`the group's PM maturity rose from 2.40 to 2.70, into the next band …`).
pub(super) fn approach_cause(d: &OrgDiff, g: &GroupDiff, toward_autonomy: bool) -> String {
    let maturity = g.pm_maturity.as_ref();
    let crossed = maturity.and_then(|m| {
        let (b, h) = (m.base?, m.head?);
        (band(b) != band(h)).then_some(band(h) > band(b))
    });
    let mut inputs: Vec<String> = d.baseline_inputs.iter().map(input_text).collect();
    if let Some(n) = &d.baseline_maturity {
        inputs.insert(0, format!("baseline PM maturity {}", number(n)));
    }
    let inputs = join_and(&inputs);
    // Autonomy grows with maturity in the default mapping, so only a band crossing in the
    // approach's own direction can explain it.
    if crossed == Some(toward_autonomy) {
        let m = maturity.map_or_else(String::new, number);
        let mut text = format!(
            "the group's PM maturity {} ({m}), into {} band of the default mapping",
            if toward_autonomy { "rose" } else { "fell" },
            if toward_autonomy {
                "a higher"
            } else {
                "a lower"
            }
        );
        if !inputs.is_empty() {
            text.push_str(&format!("; also changed: {inputs}"));
        }
        return text;
    }
    let maturity_note = match maturity {
        None => "the group's PM maturity did not change".to_string(),
        Some(m) if crossed.is_some() => format!(
            "the group's PM maturity moved the other way ({}), so it is not the cause",
            number(m)
        ),
        Some(m) => match m.delta {
            Some(delta) if (delta < 0.0) == toward_autonomy => format!(
                "the group's PM maturity {} ({}), so it is not the cause",
                if delta < 0.0 { "fell" } else { "rose" },
                number(m)
            ),
            _ => format!(
                "the group's PM maturity stayed within its band ({})",
                number(m)
            ),
        },
    };
    if !inputs.is_empty() {
        return format!("among the compared inputs, {inputs} changed; {maturity_note}");
    }
    if d.rules_version.base != d.rules_version.head {
        return format!(
            "no compared input moved ({maturity_note}, the baseline context is unchanged); the rules changed ({} \u{2192} {})",
            d.rules_version.base, d.rules_version.head
        );
    }
    format!(
        "the cause is not in the compared inputs ({maturity_note}, the baseline context is unchanged); see this period's approach reasons"
    )
}

/// `2.40 → 2.70`, `–` for a missing side.
fn number(n: &NumberChange) -> String {
    let side = |v: Option<f64>| v.map_or_else(|| "\u{2013}".to_string(), |v| num(v, 2));
    format!("{} \u{2192} {}", side(n.base), side(n.head))
}

/// `change readiness 3 → 4`.
fn input_text(c: &InputChange) -> String {
    let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "\u{2013}".to_string());
    format!(
        "{} {} \u{2192} {}",
        c.input.replace('_', " "),
        side(&c.base),
        side(&c.head)
    )
}

#[cfg(test)]
#[path = "cause_tests.rs"]
mod tests;
