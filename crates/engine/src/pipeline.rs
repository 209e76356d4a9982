//! The pipeline: sources in, one [`Analysis`] out, in small clockless steps.
//!
//! Reading comes first, one document (or one item of a `kind: List`) per step; then each
//! [`Stage`] of [`STAGES`] is one step. Every stage is a function of the earlier stages'
//! outputs that returns its own output, and writes its findings to the one [`Diagnostics`]
//! sink; this module is the only place that knows their order and wires their inputs.

use crate::model::{Analysis, Diagnostics, Source};
use crate::read::{ReadCache, Reader};

/// The stages after reading, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Documents applied in order, as `kubectl apply -f` does: Pods and workloads validated,
    /// later documents update earlier ones (`crate::apply`).
    Apply,
    /// The cluster's settings: stated by configuration documents, inferred from the objects,
    /// or the defaults (`crate::settings`).
    Settings,
    /// The API server admits Services, Endpoints and EndpointSlices: defaulting, allocation,
    /// validation (`crate::service`).
    Admit,
    /// The cluster's nodes: the input's, or the default three (`crate::cluster`).
    Cluster,
    /// The pods the workloads' controllers make (`crate::workloads`).
    Workloads,
    /// Which pods each Service selects (`crate::select`).
    Select,
    /// The Endpoints and EndpointSlices the controllers write (`crate::endpoints`).
    Endpoints,
    /// What cluster DNS answers (`crate::dns`).
    Dns,
    /// What kube-proxy programs on every node (`crate::proxy`).
    Proxy,
    /// Findings that explain the result (`crate::checks`).
    Checks,
}

/// Every stage, in order.
pub const STAGES: [Stage; 10] = [
    Stage::Apply,
    Stage::Settings,
    Stage::Admit,
    Stage::Cluster,
    Stage::Workloads,
    Stage::Select,
    Stage::Endpoints,
    Stage::Dns,
    Stage::Proxy,
    Stage::Checks,
];

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Apply => "apply",
            Stage::Settings => "settings",
            Stage::Admit => "admit",
            Stage::Cluster => "cluster",
            Stage::Workloads => "workloads",
            Stage::Select => "select",
            Stage::Endpoints => "endpoints",
            Stage::Dns => "dns",
            Stage::Proxy => "proxy",
            Stage::Checks => "checks",
        }
    }

    /// Whether [`Analyzer::step`] runs the stage in parts (one Service, or a few, per step);
    /// the other stages are one step each, over all objects.
    pub fn in_parts(self) -> bool {
        matches!(self, Stage::Endpoints | Stage::Proxy | Stage::Checks)
    }

    /// Runs the stage on what the earlier ones produced.
    fn run(self, a: &mut Analysis, sources: &[Source], sink: &mut Diagnostics) {
        match self {
            Stage::Apply => a.objects = crate::apply::run(std::mem::take(&mut a.objects), &a.sources, sink),
            Stage::Settings => a.cluster = crate::settings::run(&a.objects, sources, sink),
            Stage::Admit => {
                a.objects = crate::service::run(std::mem::take(&mut a.objects), &a.sources, &a.cluster, sink)
            }
            Stage::Cluster => a.nodes = crate::cluster::run(&a.objects, &a.cluster),
            Stage::Workloads => {
                a.objects = crate::workloads::run(std::mem::take(&mut a.objects), &a.nodes, &a.cluster, sink)
            }
            Stage::Select => a.services = crate::select::run(&a.objects),
            // One Service per step: `Analyzer::step`.
            Stage::Endpoints | Stage::Proxy => {}
            Stage::Dns => a.dns = crate::dns::run(&a.objects, &a.services, &a.cluster),
            // In parts: `Analyzer::step`.
            Stage::Checks => {}
        }
    }
}

/// What the next [`Analyzer::step`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Reads one document, or one item of a List.
    Read,
    Stage(Stage),
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Read => "read",
            Step::Stage(s) => s.name(),
        }
    }
}

/// Reads all sources and works out what a cluster would do with them. Never panics; anything
/// wrong with the input is in [`Analysis::diagnostics`].
pub fn analyze(sources: &[Source]) -> Analysis {
    Analyzer::new(sources.to_vec()).finish()
}

/// [`analyze`] for one text after another (an editor's keystrokes): the documents `cache` holds
/// from the previous call are not read again, and `cache` then holds this call's. The result is
/// the same as [`analyze`]'s.
pub fn analyze_with_cache(sources: &[Source], cache: &mut ReadCache) -> Analysis {
    let (a, c) = Analyzer::with_cache(sources.to_vec(), std::mem::take(cache)).finish_with_cache();
    *cache = c;
    a
}

/// [`analyze`] in steps: each [`Analyzer::step`] reads one document (or one item of a List) or
/// runs one stage, so a caller with a clock can spread a large input over many short slices of
/// time and stay responsive. The result is the same as [`analyze`]'s.
#[derive(Debug)]
pub struct Analyzer {
    sources: Vec<Source>,
    reader: Reader,
    /// Stages run so far.
    stage: usize,
    /// Services done so far by the stage under way, when it takes one Service per step
    /// (`endpoints`, `proxy`: on a large dump each is too long for one step), or parts of the
    /// checks done (`checks::run_part`).
    service: usize,
    /// What the endpoints controllers share between Services, while that stage is under way.
    controllers: Option<crate::endpoints::Controllers>,
    /// What the parts of the checks share (made in the first part that needs it).
    checks: crate::checks::Shared,
    a: Analysis,
    sink: Diagnostics,
}

impl Analyzer {
    pub fn new(sources: Vec<Source>) -> Self {
        let reader = Reader::new(&sources);
        Analyzer::with_reader(sources, reader)
    }

    /// An analyzer that reuses what `cache` (from [`Analyzer::finish_with_cache`] or
    /// [`Analyzer::into_cache`] of an earlier analysis) read of documents with the same text: a
    /// keystroke re-reads only the document it touched. The analysis is the same as without.
    pub fn with_cache(sources: Vec<Source>, cache: ReadCache) -> Self {
        let reader = Reader::with_cache(&sources, cache);
        Analyzer::with_reader(sources, reader)
    }

    fn with_reader(sources: Vec<Source>, reader: Reader) -> Self {
        let a = Analysis { sources: sources.iter().map(|s| s.name.clone()).collect(), ..Default::default() };
        Analyzer {
            sources,
            reader,
            stage: 0,
            service: 0,
            controllers: None,
            checks: crate::checks::Shared::default(),
            a,
            sink: Diagnostics::default(),
        }
    }

    /// What the next step will do, or None when all is done.
    pub fn next_step(&self) -> Option<Step> {
        if !self.reader.done() {
            return Some(Step::Read);
        }
        STAGES.get(self.stage).map(|s| Step::Stage(*s))
    }

    /// Does one step of work; true when there is nothing left to do.
    pub fn step(&mut self) -> bool {
        if self.reader.read_next(&self.sources, &mut self.a.objects, &mut self.sink) {
            return false;
        }
        let Some(&stage) = STAGES.get(self.stage) else { return true };
        if self.step_service(stage) {
            return false;
        }
        stage.run(&mut self.a, &self.sources, &mut self.sink);
        self.stage += 1;
        self.service = 0;
        self.stage == STAGES.len()
    }

    /// One Service of a stage that takes one per step, or one part of the checks; false when
    /// the stage has none left (or is not such a stage).
    fn step_service(&mut self, stage: Stage) -> bool {
        let a = &mut self.a;
        if stage == Stage::Checks {
            if self.service >= crate::checks::parts(a) {
                return false;
            }
            crate::checks::run_part(a, &self.checks, &mut self.sink, self.service);
            self.service += 1;
            return true;
        }
        let Some(v) = a.services.get(self.service) else {
            self.controllers = None;
            return false;
        };
        match stage {
            Stage::Endpoints => {
                let c = self.controllers.get_or_insert_with(|| crate::endpoints::Controllers::new(&a.objects));
                let e = c.sync(&a.objects, &a.nodes, v);
                a.services[self.service].endpoints = e;
            }
            Stage::Proxy => {
                let r = crate::proxy::run_one(&a.objects, &a.nodes, v, a.cluster.minor());
                a.services[self.service].routes = r;
            }
            _ => return false,
        }
        self.service += 1;
        true
    }

    /// How far along it is, from 0 to 1 (reading counts for most of it).
    pub fn progress(&self) -> f64 {
        let (done, total) = self.reader.progress();
        let read = if total == 0 { 1.0 } else { done as f64 / total as f64 };
        0.7 * read + 0.3 * self.stage as f64 / STAGES.len() as f64
    }

    /// Documents (or List items) taken from the cache instead of read so far, and in all.
    pub fn reused(&self) -> (usize, usize) {
        self.reader.reused()
    }

    /// Runs the remaining steps and returns the analysis.
    pub fn finish(self) -> Analysis {
        self.finish_with_cache().0
    }

    /// [`Analyzer::finish`], and what was read, for the next analysis
    /// ([`Analyzer::with_cache`]; empty unless this one was made with a cache).
    pub fn finish_with_cache(mut self) -> (Analysis, ReadCache) {
        while !self.step() {}
        self.a.diagnostics = std::mem::take(&mut self.sink).into_sorted();
        (self.a, self.reader.into_cache())
    }

    /// What was read so far (and what the earlier cache held that was not needed yet), when an
    /// analysis is given up for a newer text: the next one still reuses it.
    pub fn into_cache(self) -> ReadCache {
        self.reader.into_cache()
    }
}
