//! The one entry point: [`analyze`]. Sources in, one [`Analysis`] out.
//!
//! Stages, in order (each a module that reads and extends the `Analysis`):
//! 1. `read`: text → documents → objects (structural check, typed decoding);
//! 2. `apply`: documents applied in file order like `kubectl apply -f` (later same-name objects
//!    update earlier ones);
//! 3. `service`: Service defaulting, allocation and validation (API server);
//! 4. `workloads`: workload validation and simulated pods (controllers);
//! 5. `select`: which pods each Service selects;
//! 6. `endpoints`: Endpoints and EndpointSlices (controllers);
//! 7. `dns`: what CoreDNS answers;
//! 8. `proxy`: what kube-proxy programs, per node;
//! 9. `checks`: diagnostics that explain (no endpoints, nearest miss...).

use crate::model::*;

/// Reads all sources and works out what a cluster would do with them. Never panics; anything
/// wrong with the input is in [`Analysis::diagnostics`].
pub fn analyze(sources: &[Source]) -> Analysis {
    Analyzer::new(sources.to_vec()).finish()
}

/// The stages after reading, in order (see the module docs).
const STAGES: [fn(&mut Analysis); 9] = [
    crate::apply::apply,
    crate::service::run,
    crate::workloads::run,
    crate::select::run,
    crate::endpoints::run,
    crate::dns::run,
    crate::proxy::run,
    crate::checks::run,
    sort_diagnostics,
];

fn sort_diagnostics(a: &mut Analysis) {
    a.diagnostics.sort_by(|x, y| (x.source, x.span.start, x.severity).cmp(&(y.source, y.span.start, y.severity)));
}

/// [`analyze`] in steps: each [`Analyzer::step`] reads one document (or one item of a List) or
/// runs one later stage, so a caller with a clock can spread a large input over many short
/// slices of time and stay responsive. The result is the same as [`analyze`]'s.
#[derive(Debug)]
pub struct Analyzer {
    sources: Vec<Source>,
    reader: crate::read::Reader,
    /// Stages run so far (after reading).
    stage: usize,
    a: Analysis,
}

impl Analyzer {
    pub fn new(sources: Vec<Source>) -> Self {
        let reader = crate::read::Reader::new(&sources);
        let a = Analysis { sources: sources.iter().map(|s| s.name.clone()).collect(), ..Default::default() };
        Analyzer { sources, reader, stage: 0, a }
    }

    /// Does one step of work; true when there is nothing left to do.
    pub fn step(&mut self) -> bool {
        if self.reader.read_next(&mut self.a, &self.sources) {
            return false;
        }
        match STAGES.get(self.stage) {
            Some(run) => {
                run(&mut self.a);
                self.stage += 1;
                self.stage == STAGES.len()
            }
            None => true,
        }
    }

    /// How far along it is, from 0 to 1 (reading counts for most of it).
    pub fn progress(&self) -> f64 {
        let (done, total) = self.reader.progress();
        let read = if total == 0 { 1.0 } else { done as f64 / total as f64 };
        0.7 * read + 0.3 * self.stage as f64 / STAGES.len() as f64
    }

    /// Runs the remaining steps and returns the analysis.
    pub fn finish(mut self) -> Analysis {
        while !self.step() {}
        self.a
    }
}
