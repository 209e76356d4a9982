//! Runs the engine on a large text in short slices between frames, so the page never freezes:
//! typing, scrolling and clicks are handled between slices. The engine has no clock; the time
//! check is here ([`engine::Analyzer`] does one small step per call). The longest steps, the
//! stages that are one step over all objects, and the result's render each start a slice of
//! their own, so a frame is never held by a slice and one of them together.

use engine::pipeline::Step;
use engine::{Analysis, Analyzer, ReadCache, Source};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageChannel;

/// Work per slice (ms): short enough that a keystroke waits at most about this long (plus one
/// step), long enough that the pauses between slices (the browser clamps a zero timeout to about
/// 4 ms) cost little.
const SLICE_MS: f64 = 20.0;

struct Job {
    text: Rc<str>,
    /// What the previous analysis read: the analyzer takes it, and gives back what it read.
    cache: Rc<RefCell<ReadCache>>,
    analyzer: Option<Analyzer>,
    /// The next slice comes as a message to itself: a zero timeout would wait at least 4 ms
    /// once nested (the browser's clamp), a fifth of each 20 ms slice lost.
    channel: Option<(MessageChannel, Closure<dyn FnMut()>)>,
    on_progress: Rc<dyn Fn(f64)>,
    on_done: Rc<dyn Fn(Rc<str>, Analysis)>,
}

/// An analysis under way; dropping it stops it.
pub struct Running(#[allow(dead_code)] Rc<RefCell<Job>>);

/// Starts analysing `text`, reusing what `cache` holds of its documents. `on_progress` gets 0..1
/// after each slice; `on_done` the result.
pub fn start(
    text: Rc<str>,
    cache: Rc<RefCell<ReadCache>>,
    on_progress: impl Fn(f64) + 'static,
    on_done: impl Fn(Rc<str>, Analysis) + 'static,
) -> Running {
    // The analyzer is made in the first slice: splitting a large text into parts takes a while,
    // and the frame that shows the new text (e.g. an opened file) should come first.
    let job = Rc::new(RefCell::new(Job {
        text,
        cache,
        analyzer: None,
        channel: None,
        on_progress: Rc::new(on_progress),
        on_done: Rc::new(on_done),
    }));
    schedule(&job);
    Running(job)
}

fn schedule(job: &Rc<RefCell<Job>>) {
    let mut j = job.borrow_mut();
    if j.channel.is_none() {
        let Ok(channel) = MessageChannel::new() else { return };
        let weak = Rc::downgrade(job);
        let on_message = Closure::<dyn FnMut()>::new(move || slice(&weak));
        channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        j.channel = Some((channel, on_message));
    }
    if let Some((channel, _)) = &j.channel {
        let _ = channel.port2().post_message(&JsValue::NULL);
    }
}

/// One slice: steps until the time is up or the analysis is finished.
fn slice(weak: &Weak<RefCell<Job>>) {
    let Some(job) = weak.upgrade() else { return }; // stopped
                                                    // The clock is looked up once a slice: it is read after every step (thousands of them).
    let clock = web_sys::window().and_then(|w| w.performance());
    let now = || clock.as_ref().map_or(0.0, |p| p.now());
    let start = now();
    let finished = {
        let mut j = job.borrow_mut();
        if j.analyzer.is_none() {
            let sources = vec![Source::new("manifest.yaml", j.text.clone())];
            let cache = std::mem::take(&mut *j.cache.borrow_mut());
            j.analyzer = Some(Analyzer::with_cache(sources, cache));
        }
        let Some(z) = j.analyzer.as_mut() else { return };
        let mut worked = false;
        loop {
            match z.next_step() {
                // The result is shown from a slice of its own: its render is a long task.
                None => break !worked,
                // So is a stage that is one step over all objects: the frame before it is painted.
                Some(Step::Stage(s)) if worked && !s.in_parts() => break false,
                Some(_) if worked && now() - start >= SLICE_MS => break false,
                Some(_) => {}
            }
            z.step();
            worked = true;
        }
    };
    if finished {
        let (text, analysis) = {
            let mut j = job.borrow_mut();
            let text = j.text.clone();
            let (analysis, cache) = j.analyzer.take().map(Analyzer::finish_with_cache).unwrap_or_default();
            *j.cache.borrow_mut() = cache;
            (text, analysis)
        };
        // No borrow held: `on_done` dispatches, which may render and drop this job.
        let done = job.borrow().on_done.clone();
        done(text, analysis);
    } else {
        schedule(&job);
        let (progress, report) = {
            let j = job.borrow();
            (j.analyzer.as_ref().map_or(1.0, Analyzer::progress), j.on_progress.clone())
        };
        report(progress);
    }
}

impl Drop for Job {
    /// A job stopped for a newer text gives back what it read, for the next one.
    fn drop(&mut self) {
        if let (Some(z), Ok(mut cache)) = (self.analyzer.take(), self.cache.try_borrow_mut()) {
            *cache = z.into_cache();
        }
        // A message still on its way finds no handler (its closure is freed with the job).
        if let Some((channel, _)) = &self.channel {
            channel.port1().set_onmessage(None);
            channel.port1().close();
        }
    }
}
