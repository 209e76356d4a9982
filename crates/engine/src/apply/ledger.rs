//! [`Ledger`]: which object is live under each identity, and which earlier objects later
//! documents replaced.

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Diagnostics, Kind, Object, ObjectId, Objects};
use std::collections::{BTreeSet, HashMap};

/// The account of one apply pass over the documents.
pub(crate) struct Ledger<'s> {
    sources: &'s [String],
    live: HashMap<(Kind, String, String), ObjectId>,
    superseded: BTreeSet<ObjectId>,
}

impl<'s> Ledger<'s> {
    pub fn new(sources: &'s [String]) -> Self {
        Ledger { sources, live: HashMap::new(), superseded: BTreeSet::new() }
    }

    /// The live object `o` would update (same kind, namespace and name), if any.
    pub fn earlier(&self, o: &Object) -> Option<ObjectId> {
        if o.name.is_empty() {
            return None;
        }
        self.live.get(&(o.kind.clone(), o.namespace.clone(), o.name.clone())).copied()
    }

    /// Opens `id`'s document for this pass: `Some` of the earlier live object it would update
    /// (if any), or `None` when decoding already refused the document, in which case its update
    /// of an earlier object is reported as refused.
    pub fn open(&self, objects: &Objects, id: ObjectId, sink: &mut Diagnostics) -> Option<Option<ObjectId>> {
        let o = objects.get(id)?;
        let old = self.earlier(o);
        if o.valid {
            return Some(old);
        }
        if let Some(old) = old {
            self.refused(objects, id, old, sink);
        }
        None
    }

    /// `id` was admitted: it replaces `old` (if any, with a note saying so) and is now the live
    /// object of its identity.
    pub fn accepted(&mut self, objects: &Objects, id: ObjectId, old: Option<ObjectId>, sink: &mut Diagnostics) {
        let Some(o) = objects.get(id) else { return };
        if let Some(prev) = old.and_then(|old| objects.get(old)) {
            let msg = format!("updates {} defined at {}", prev.reference(), self.location(prev));
            let help = if prev.kind == Kind::Service {
                "kubectl apply applies documents in order, so this one changes the object the earlier one created; values the cluster filled in (clusterIP, nodePorts) are kept"
            } else {
                "kubectl apply applies documents in order, so this one changes the object the earlier one created"
            };
            sink.report(o, "metadata.name", Diagnostic::new(Severity::Info, Code::UpdatesEarlier, msg).help(help));
        }
        if let Some(old) = old {
            self.superseded.insert(old);
        }
        if !o.name.is_empty() {
            self.live.insert((o.kind.clone(), o.namespace.clone(), o.name.clone()), id);
        }
    }

    /// `id`'s update of `old` was refused: the earlier object stays, and a note says so.
    pub fn refused(&self, objects: &Objects, id: ObjectId, old: ObjectId, sink: &mut Diagnostics) {
        let (Some(o), Some(prev)) = (objects.get(id), objects.get(old)) else { return };
        let msg =
            format!("does not update {} defined at {}: the update is refused", prev.reference(), self.location(prev));
        let d = Diagnostic::new(Severity::Info, Code::UpdateRefused, msg)
            .help("the object keeps the earlier document's settings until the errors on this document are fixed");
        sink.report(o, "metadata.name", d);
    }

    /// `Kind/namespace/name (line N)`: who holds an allocation, for messages.
    pub fn describe(&self, o: &Object) -> String {
        format!("{} ({})", o.reference(), self.location(o))
    }

    /// Removes the superseded objects.
    pub fn finish(self, objects: &mut Objects) {
        objects.remove(&self.superseded);
    }

    /// `line N` (or `line N of <source>` when several sources were given).
    fn location(&self, o: &Object) -> String {
        let line = o.span.start.line;
        match self.sources.get(o.source) {
            Some(name) if self.sources.len() > 1 => format!("line {line} of {name}"),
            _ => format!("line {line}"),
        }
    }
}
