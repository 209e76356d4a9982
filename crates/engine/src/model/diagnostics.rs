//! [`Diagnostics`]: the one sink every stage writes its findings to.

use super::Object;
use crate::diag::{Diagnostic, FieldError, Severity};

/// The findings of an analysis, in the order the stages made them (sorted by position at the
/// end, see [`Diagnostics::into_sorted`]).
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a finding that already carries its position (reading, whole-input notes).
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds a finding about `o` at `field` (API-server path, "" for the whole object), placed
    /// where that field is written, or at its nearest written ancestor.
    pub fn report(&mut self, o: &Object, field: &str, d: Diagnostic) {
        self.items.push(located(o, field, d));
    }

    /// Marks `o` refused by the API server (it then does not exist downstream) and says why.
    pub fn reject(&mut self, o: &mut Object, field: &str, d: Diagnostic) {
        o.valid = false;
        self.report(o, field, d);
    }

    /// Adds a field error about `o`; an error also refuses `o`. When the API path itself is
    /// not written, the finding points at the nearby field the error names, if that is written.
    pub fn field_error(&mut self, o: &mut Object, e: FieldError) {
        let mut d = Diagnostic::new(e.severity, e.code, e.message);
        if !e.help.is_empty() {
            d = d.help(e.help);
        }
        if e.severity == Severity::Error {
            o.valid = false;
        }
        let mut d = located(o, &e.path, d);
        if let Some(near) = e.near.as_deref().filter(|_| !o.simulated) {
            let (_, found) = o.root.locate(&e.path);
            let (span, near_found) = o.root.locate(near);
            if (!found || e.prefer_near) && near_found {
                d.span = span;
            }
        }
        self.items.push(d);
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// The findings in reading order: by source, position, then severity.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        crate::util::sort::sort_by_key(&mut self.items, |x| (x.source, x.span.start, x.severity));
        self.items
    }
}

/// `d` about `o` at `field`: the object's reference, the field path and the position.
fn located(o: &Object, field: &str, mut d: Diagnostic) -> Diagnostic {
    d.object = Some(o.reference());
    d.source = o.source;
    d.span = if o.simulated {
        o.span
    } else if field.is_empty() {
        o.root.locate("kind").0
    } else {
        o.root.locate(field).0
    };
    if !field.is_empty() {
        d.field = Some(field.to_string());
    }
    d
}
