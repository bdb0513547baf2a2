//! The per-evaluation recorder and the read-only data shared by every evaluation.
//!
//! Host functions are plain functions (rhai plugin modules cannot capture), so they reach the
//! data of the organization being evaluated through a thread-local `Context` that
//! `Context::enter` installs around one evaluation and removes when the guard drops. Each
//! thread thus has its own recorder and evaluation shares nothing mutable across threads.
//! `Shared` is built once per `RuleSet` (catalog keys as Rhai strings, link lists, params) so
//! evaluations do not rebuild static values. Nothing here decides anything: defaults are
//! applied in `finish.rs`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, Map, NativeCallContext, Position};

use crate::model::approach::Approach;
use crate::model::baseline::CoverageScope;
use crate::model::catalog::Catalog;
use crate::model::customer::CustomerGroup;
use crate::model::decision::Reason;
use crate::model::outcome::{OutcomeKey, PerceptionHorizon};
use crate::model::recommendation::{
    Advice, Alert, CategoryMix, ControlLevel, Governance, Lean, ServiceAction,
};
use crate::model::service::{Horizon, Priority, ServiceKey};
use crate::model::survey::OrganizationInput;
use crate::rules::error::{codes, RuleError, RuleErrorKind};
use crate::rules::host_reason::reset_reason_budget;
pub(crate) use crate::rules::host_reason::{location, reason, ApiError};
use crate::rules::limits::MAX_NUMBER;
use crate::rules::trace::log::{
    mix_text, trace_profile, ApproachLine, ServiceLine, Setting, TraceLog,
};

/// Static values built once per rule set.
pub(crate) struct Shared {
    /// The catalog.
    pub catalog: Arc<Catalog>,
    /// Service keys as Rhai strings, by `ServiceKey::index`.
    pub service_keys: Vec<ImmutableString>,
    /// Outcome keys as Rhai strings, by `OutcomeKey::index`.
    pub outcome_keys: Vec<ImmutableString>,
    /// A map with every outcome key (values `()`), and the outcomes in its key order: a
    /// group's `outcomes` and `answered` maps are this one cloned, then filled in order
    /// (inserting 30 keys one by one, per map and group, showed in profiles).
    pub outcome_map: (rhai::Map, Vec<OutcomeKey>),
    /// Group keys as Rhai strings, by `CustomerGroup::index`.
    pub group_keys: Vec<ImmutableString>,
    /// Approach keys as Rhai strings, by `Approach::index`.
    pub approach_keys: Vec<ImmutableString>,
    /// Per outcome, its linked services (keys), in catalog order.
    pub outcome_services: Vec<Array>,
    /// Per service, the outcomes linked to it (keys), in catalog order.
    pub service_outcomes: Vec<Array>,
    /// Per service, the outcomes linked to it, in catalog order.
    pub catalog_links: Vec<Vec<OutcomeKey>>,
    /// Per service, the horizon derived from its outcomes' perception horizons.
    pub linked_horizons: Vec<Horizon>,
    /// `params` as scripts see it (defaults merged with the config). Not a shared value:
    /// each evaluation shares its own copy (`RuleSet::run`).
    pub params: Dynamic,
    /// `weights` as scripts see it (every group, default 1.0); like `params`, not shared.
    pub weights: Dynamic,
    /// Group weights by `CustomerGroup::index`.
    pub weight_values: Vec<f64>,
    /// Group names in lower case, for sentences, by `CustomerGroup::index`.
    pub group_words: Vec<String>,
    /// Outcome names in lower case, for sentences, by `OutcomeKey::index`.
    pub outcome_words: Vec<String>,
}

impl Shared {
    /// Builds the static values.
    pub(crate) fn new(catalog: Arc<Catalog>, params: Map, weights: Map) -> Self {
        let strings = |keys: &[&str]| keys.iter().map(|k| ImmutableString::from(*k)).collect();
        let service_keys: Vec<ImmutableString> = strings(ServiceKey::KEYS);
        let outcome_keys: Vec<ImmutableString> = strings(OutcomeKey::KEYS);
        let mut service_outcomes = vec![Array::new(); ServiceKey::COUNT];
        let mut horizon_sum = [(0.0f64, 0u32); ServiceKey::COUNT];
        let outcome_services = catalog
            .outcomes()
            .iter()
            .map(|o| {
                for s in &o.services {
                    service_outcomes[s.index()].push(outcome_keys[o.key.index()].clone().into());
                    let h = &mut horizon_sum[s.index()];
                    h.0 += horizon_value(o.horizon);
                    h.1 += 1;
                }
                o.services
                    .iter()
                    .map(|s| service_keys[s.index()].clone().into())
                    .collect()
            })
            .collect();
        let mut catalog_links = vec![Vec::new(); ServiceKey::COUNT];
        for o in catalog.outcomes() {
            for s in &o.services {
                catalog_links[s.index()].push(o.key);
            }
        }
        let linked_horizons = horizon_sum
            .iter()
            .map(|(sum, n)| match *n {
                0 => Horizon::Medium,
                n => horizon_of_mean(sum / f64::from(n)),
            })
            .collect();
        let outcome_map: rhai::Map = outcome_keys
            .iter()
            .map(|k| (k.as_str().into(), Dynamic::UNIT))
            .collect();
        let order = outcome_map
            .keys()
            .filter_map(|k| OutcomeKey::parse(k).ok())
            .collect();
        Shared {
            service_keys,
            outcome_map: (outcome_map, order),
            outcome_keys,
            group_keys: strings(CustomerGroup::KEYS),
            approach_keys: strings(Approach::KEYS),
            outcome_services,
            service_outcomes,
            catalog_links,
            linked_horizons,
            weight_values: CustomerGroup::ALL
                .iter()
                .map(|g| {
                    weights
                        .get(g.as_str())
                        .and_then(|w| w.as_float().ok())
                        .unwrap_or(1.0)
                })
                .collect(),
            group_words: CustomerGroup::ALL
                .iter()
                .map(|g| catalog.group(*g).name.to_lowercase())
                .collect(),
            outcome_words: catalog
                .outcomes()
                .iter()
                .map(|o| o.name.to_lowercase())
                .collect(),
            params: Dynamic::from(params),
            weights: Dynamic::from(weights),
            catalog,
        }
    }
}

/// S = 1, S-M = 1.5, M = 2, M-L = 2.5, L = 3.
pub(crate) fn horizon_value(h: PerceptionHorizon) -> f64 {
    match h {
        PerceptionHorizon::S => 1.0,
        PerceptionHorizon::SM => 1.5,
        PerceptionHorizon::M => 2.0,
        PerceptionHorizon::ML => 2.5,
        PerceptionHorizon::L => 3.0,
    }
}

/// Mean below 1.75 → short, below 2.5 → medium, else long (our thresholds).
pub(crate) fn horizon_of_mean(mean: f64) -> Horizon {
    if mean < 1.75 {
        Horizon::Short
    } else if mean < 2.5 {
        Horizon::Medium
    } else {
        Horizon::Long
    }
}

/// A value with the reasons given for it.
#[derive(Debug, Clone)]
pub(crate) struct Decided<T> {
    /// The value, once a rule set it.
    pub value: Option<T>,
    /// Reasons, in the order given.
    pub reasons: Vec<Reason>,
}

impl<T> Default for Decided<T> {
    fn default() -> Self {
        Decided {
            value: None,
            reasons: Vec::new(),
        }
    }
}

impl<T> Decided<T> {
    pub(crate) fn set(&mut self, value: T, reason: Reason) {
        self.value = Some(value);
        self.reasons.push(reason);
    }
}

/// Everything the scripts decided for one organization so far.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    /// Groups that answered, in group order.
    pub answered: Vec<CustomerGroup>,
    /// Per answered group, per outcome: mean importance and answers (from the input).
    pub means: BTreeMap<CustomerGroup, Vec<(Option<f64>, u32)>>,
    /// Per service, the current and target level of the service-maturity assessment.
    pub maturity: Vec<Option<(u8, u8)>>,
    /// Per group and service, the reasons for its approach (joined into one reason at the end).
    pub approach_reasons: BTreeMap<(CustomerGroup, ServiceKey), Vec<Reason>>,
    /// Per group, per outcome priority.
    pub group_outcomes: BTreeMap<CustomerGroup, Vec<Decided<f64>>>,
    /// Organization-wide outcome priorities.
    pub org_outcomes: Vec<Decided<f64>>,
    /// Service scores (None until a rule adds points).
    pub scores: Vec<Decided<f64>>,
    /// Service priorities (reasons go with the score's, in one list per service).
    pub priorities: Vec<Option<Priority>>,
    /// Service horizons.
    pub horizons: Vec<Option<Horizon>>,
    /// Per group, the approach per service.
    pub approaches: BTreeMap<CustomerGroup, Vec<Option<Approach>>>,
    /// Per group, the dominant approach.
    pub group_approach: BTreeMap<CustomerGroup, Approach>,
    /// Per group, reasons.
    pub group_reasons: BTreeMap<CustomerGroup, Vec<Reason>>,
    /// Profile: coverage scope.
    pub coverage: Decided<CoverageScope>,
    /// Profile: category mix.
    pub mix: Decided<CategoryMix>,
    /// Profile: control level.
    pub control: Decided<ControlLevel>,
    /// Profile: labels.
    pub labels: Vec<String>,
    /// Profile: reasons of labels.
    pub label_reasons: Vec<Reason>,
    /// Alerts, in the order raised.
    pub alerts: Vec<Alert>,
    /// Per service, its score's share of the top score when priorities were ranked.
    pub shares: Vec<Option<f64>>,
    /// Per service, whether its share lies within the margin of a cut-off.
    pub borderline: Vec<bool>,
    /// Per service, actions beside its priority (improve, simplify).
    pub actions: Vec<Vec<ServiceAction>>,
    /// Profile: the category lean.
    pub lean: Decided<Lean>,
    /// Steps advised, in the order given.
    pub advice: Vec<Advice>,
    /// The charter's governance, once a rule chose it.
    pub governance: Option<Governance>,
    /// The last error a host function raised (carries hints a Rhai error cannot).
    pub host_error: Option<RuleError>,
    /// What each setter did, only while `explain` traces the evaluation.
    pub trace: Option<TraceLog>,
}

impl Recorder {
    /// An empty recorder for an organization whose groups `answered`.
    pub(crate) fn new(input: &OrganizationInput) -> Self {
        let means = input
            .groups
            .iter()
            .map(|(g, a)| {
                let per = OutcomeKey::ALL
                    .iter()
                    .map(|o| (a.outcome_mean(*o), a.outcomes.get(o.index()).answered()))
                    .collect();
                (*g, per)
            })
            .collect();
        let mut maturity = vec![None; ServiceKey::COUNT];
        for (s, m) in &input.service_maturity {
            if let (Some(c), Some(t)) = (m.current, m.target) {
                maturity[s.index()] = Some((c.get(), t.get()));
            }
        }
        Recorder {
            maturity,
            answered: input.groups.keys().copied().collect(),
            means,
            org_outcomes: vec![Decided::default(); OutcomeKey::COUNT],
            scores: vec![Decided::default(); ServiceKey::COUNT],
            priorities: vec![None; ServiceKey::COUNT],
            horizons: vec![None; ServiceKey::COUNT],
            shares: vec![None; ServiceKey::COUNT],
            borderline: vec![false; ServiceKey::COUNT],
            actions: vec![Vec::new(); ServiceKey::COUNT],
            ..Recorder::default()
        }
    }

    /// Records a group's outcome priority.
    pub(crate) fn set_group_outcome(&mut self, g: CustomerGroup, o: OutcomeKey, v: f64, r: Reason) {
        self.group_outcomes
            .entry(g)
            .or_insert_with(|| vec![Decided::default(); OutcomeKey::COUNT])[o.index()]
        .set(v, r);
    }

    /// A group's outcome priority so far.
    pub(crate) fn group_outcome(&self, g: CustomerGroup, o: OutcomeKey) -> Option<f64> {
        self.group_outcomes.get(&g).and_then(|v| v[o.index()].value)
    }

    /// Records an organization-wide outcome priority.
    pub(crate) fn set_org_outcome(&mut self, o: OutcomeKey, v: f64, r: Reason) {
        self.org_outcomes[o.index()].set(v, r);
    }

    /// Adds points to a service.
    pub(crate) fn add_score(
        &mut self,
        s: ServiceKey,
        points: f64,
        r: Reason,
    ) -> Result<(), ApiError> {
        let d = &mut self.scores[s.index()];
        let total = d.value.unwrap_or(0.0) + points;
        // Each addend is bounded, but a loop could still sum them past what charts can scale.
        if !total.is_finite() || total.abs() > MAX_NUMBER {
            return Err(ApiError::new(format!(
                "the score of `{s}` would reach {}, beyond the range -{MAX_NUMBER} to {MAX_NUMBER}",
                crate::rules::limits::show_number(total)
            )));
        }
        d.value = Some(total);
        self.trace_service(s, Setting::Score(points));
        self.scores[s.index()].reasons.push(r);
        Ok(())
    }

    /// The highest service score so far (0 when no service scored).
    pub(crate) fn top_score(&self) -> f64 {
        self.scores
            .iter()
            .filter_map(|d| d.value)
            .fold(0.0, f64::max)
    }

    /// Sets a service's priority.
    pub(crate) fn recommend(&mut self, s: ServiceKey, p: Priority, r: Reason) {
        self.priorities[s.index()] = Some(p);
        self.trace_service(s, Setting::Priority(p));
        self.scores[s.index()].reasons.push(r);
    }

    /// Sets a service's horizon.
    pub(crate) fn set_horizon(&mut self, s: ServiceKey, h: Horizon, r: Reason) {
        self.horizons[s.index()] = Some(h);
        self.trace_service(s, Setting::Horizon(h));
        self.scores[s.index()].reasons.push(r);
    }

    /// Logs what the next reason of `s` sets, when tracing.
    fn trace_service(&mut self, service: ServiceKey, setting: Setting) {
        if let Some(t) = &mut self.trace {
            t.services.push(ServiceLine {
                service,
                reason_index: self.scores[service.index()].reasons.len(),
                setting,
            });
        }
    }

    /// Sets a group's approach for one service.
    pub(crate) fn set_approach(&mut self, g: CustomerGroup, s: ServiceKey, a: Approach, r: Reason) {
        self.approaches
            .entry(g)
            .or_insert_with(|| vec![None; ServiceKey::COUNT])[s.index()] = Some(a);
        if let Some(t) = &mut self.trace {
            t.approaches.push(ApproachLine {
                group: g,
                service: s,
                approach: a,
                text: r.text.clone(),
                rule: r.rule.clone(),
            });
        }
        self.approach_reasons.entry((g, s)).or_default().push(r);
    }

    /// A group's approach for one service so far.
    pub(crate) fn approach(&self, g: CustomerGroup, s: ServiceKey) -> Option<Approach> {
        self.approaches.get(&g).and_then(|v| v[s.index()])
    }

    /// Sets a group's dominant approach.
    pub(crate) fn set_group_approach(&mut self, g: CustomerGroup, a: Approach, r: Reason) {
        self.group_approach.insert(g, a);
        self.group_reasons.entry(g).or_default().push(r);
    }

    /// Adds a reason to a group without deciding anything else.
    pub(crate) fn note_group(&mut self, g: CustomerGroup, r: Reason) {
        self.group_reasons.entry(g).or_default().push(r);
    }

    /// Sets the coverage scope.
    pub(crate) fn set_coverage(&mut self, c: CoverageScope, r: Reason) {
        trace_profile(&mut self.trace, "coverage scope", c.as_str(), &r);
        self.coverage.set(c, r);
    }

    /// Sets the category mix.
    pub(crate) fn set_mix(&mut self, m: CategoryMix, r: Reason) {
        trace_profile(&mut self.trace, "category mix", &mix_text(&m), &r);
        self.mix.set(m, r);
    }

    /// Sets the control level.
    pub(crate) fn set_control(&mut self, c: ControlLevel, r: Reason) {
        trace_profile(&mut self.trace, "control level", c.as_str(), &r);
        self.control.set(c, r);
    }

    /// Adds a traditional label.
    pub(crate) fn add_label(&mut self, label: String, r: Reason) {
        if !self.labels.contains(&label) {
            self.labels.push(label);
        }
        self.label_reasons.push(r);
    }
}

/// What host functions see during one evaluation (or while modules load, without recorder).
pub(crate) struct Context {
    shared: Arc<Shared>,
    recorder: Option<Recorder>,
}

thread_local! {
    static CURRENT: RefCell<Option<Context>> = const { RefCell::new(None) };
}

/// Removes the context when dropped, also when an evaluation panics.
pub(crate) struct ContextGuard(());

impl Context {
    /// Installs the context on this thread until the guard drops.
    pub(crate) fn enter(shared: Arc<Shared>, recorder: Option<Recorder>) -> ContextGuard {
        CURRENT.with(|c| *c.borrow_mut() = Some(Context { shared, recorder }));
        reset_reason_budget();
        ContextGuard(())
    }
}

impl ContextGuard {
    /// Takes the recorder out (at the end of an evaluation).
    pub(crate) fn take_recorder(&self) -> Option<Recorder> {
        CURRENT.with(|c| c.borrow_mut().as_mut().and_then(|ctx| ctx.recorder.take()))
    }

    /// Takes the last host error out, if any.
    pub(crate) fn take_host_error(&self) -> Option<RuleError> {
        CURRENT.with(|c| {
            c.borrow_mut()
                .as_mut()
                .and_then(|ctx| ctx.recorder.as_mut())
                .and_then(|r| r.host_error.take())
        })
    }
}

impl Drop for ContextGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = None);
    }
}

/// The result type of host functions.
pub(crate) type HostResult<T> = Result<T, Box<EvalAltResult>>;

/// Runs `f` with the shared data.
pub(crate) fn with_shared<T>(f: impl FnOnce(&Shared) -> HostResult<T>) -> HostResult<T> {
    let shared = CURRENT.with(|c| c.borrow().as_ref().map(|ctx| Arc::clone(&ctx.shared)));
    match shared {
        Some(shared) => f(&shared),
        None => Err(plain_error(
            "the rules API is only available while rules run",
        )),
    }
}

/// Runs `f` with the shared data and the recorder; refuses when no organization is evaluated.
pub(crate) fn with_recorder<T>(
    ctx: &NativeCallContext,
    f: impl FnOnce(&Shared, &mut Recorder) -> Result<T, ApiError>,
) -> HostResult<T> {
    CURRENT.with(|c| {
        let mut borrowed = c.borrow_mut();
        let Some(context) = borrowed.as_mut() else {
            return Err(plain_error("the rules API is only available while rules run"));
        };
        let Some(recorder) = context.recorder.as_mut() else {
            return Err(plain_error(
                "decisions can only be recorded while an organization is evaluated, not while a module loads",
            ));
        };
        f(&context.shared, recorder).map_err(|e| {
            let error = RuleError::new(RuleErrorKind::Api, codes::API, e.message.clone());
            let error = e.hints.iter().fold(error, |err, h| err.with_hint(h.clone()));
            recorder.host_error = Some(error);
            Box::new(EvalAltResult::ErrorRuntime(e.message.into(), ctx.call_position()))
        })
    })
}

fn plain_error(message: &str) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(message.into(), Position::NONE))
}
