//! The default rules on the bundled sample: every organization evaluates, the organizations
//! come out different, and every decision has a reason.

mod sample_support;

use pmo_advisor::model::service::Priority;
use sample_support::load;

#[test]
fn sample_organizations_evaluate_and_differ() {
    let (_, surveys, rules) = load();
    let recs: Vec<_> = surveys
        .organizations
        .values()
        .map(|o| rules.evaluate(o).unwrap())
        .collect();
    assert!(recs.len() >= 2);
    for rec in &recs {
        assert_eq!(rec.services.len(), 26);
        assert!(
            rec.services.iter().any(|s| s.priority == Priority::Must),
            "{}",
            rec.organization
        );
        assert!(rec.services.iter().all(|s| !s.reasons.is_empty()));
        assert!(rec.groups.iter().all(|g| !g.reasons.is_empty()));
        if std::env::var_os("PMO_SHOW_REASONS").is_some() {
            println!(
                "== {} profile {:?} labels {:?}",
                rec.organization, rec.profile.control_level, rec.profile.labels
            );
            for s in rec.services.iter().filter(|s| s.priority == Priority::Must) {
                println!(
                    "  {} {} {:?}",
                    s.key,
                    s.score,
                    s.reasons.iter().map(|r| &r.text).collect::<Vec<_>>()
                );
            }
            for a in &rec.alerts {
                println!("  alert {:?} {} {}", a.level, a.code, a.reason.text);
            }
            for g in &rec.groups {
                println!(
                    "  group {} {:?}: {:?}",
                    g.group,
                    g.approach,
                    g.reasons.first().map(|r| &r.text)
                );
            }
        }
    }
    // PMO_SAMPLE_REPEAT=n times n rounds over the sample (run with --release for figures).
    if let Some(n) = std::env::var("PMO_SAMPLE_REPEAT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let started = std::time::Instant::now();
        for _ in 0..n {
            for o in surveys.organizations.values() {
                rules.evaluate(o).unwrap();
            }
        }
        let count = (n * surveys.organizations.len()) as f64;
        println!(
            "{:.0} sample organizations per second",
            count / started.elapsed().as_secs_f64()
        );
    }
    let musts = |i: usize| -> Vec<_> {
        recs[i]
            .services
            .iter()
            .filter(|s| s.priority == Priority::Must)
            .map(|s| s.key)
            .collect()
    };
    assert_ne!(
        musts(0),
        musts(1),
        "the sample organizations must come out different"
    );
}
