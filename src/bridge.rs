//! Bindings to the CodeMirror editor bundle (`editor/main.js`, built into `static/editor.js`). The
//! page does not load the bundle: index.html names it in a `<script id="editor-bundle">` data block
//! (hashed by trunk, neither fetched nor run by the browser) and [`when_ready`] imports it once the
//! first view has been painted, so the first view never waits for it nor shares the network with
//! it. The bundle publishes `globalThis.svcplayEditor` and fires `svcplay-editor-ready`; when it is
//! missing or fails, [`Editor::create`] returns `None` and the app keeps its plain `<textarea>`.

use crate::later::after_paint;
use engine::util::json;
use engine::{Analysis, Diagnostic};
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let loading = null;
function loadEditor() {
  if (loading || globalThis.svcplayEditor) return;
  const tag = document.getElementById('editor-bundle');
  const src = tag && tag.src;
  if (!src) return;
  loading = import(src).catch((e) => {
    console.warn('Service Playground: the code editor did not load; using a plain text area.', e);
  });
}
export function editorWhenReady(cb) {
  // Never before the first view is on screen: a frame, then a task after it (fetching, compiling
  // and creating CodeMirror take tens of milliseconds that the first paint should not wait for).
  const later = (f) => requestAnimationFrame(() => setTimeout(f, 0));
  const g = globalThis.svcplayEditor;
  if (g && typeof g.create === 'function') { later(cb); return; }
  addEventListener('svcplay-editor-ready', () => later(cb), { once: true });
  later(loadEditor);
}
export function editorCreate(parent, text, onChange) {
  try {
    return globalThis.svcplayEditor.create(parent, text, onChange);
  } catch (e) {
    console.warn('Service Playground: the code editor did not start; using a plain text area.', e);
    return undefined;
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = editorWhenReady)]
    fn editor_when_ready(cb: JsValue);

    #[wasm_bindgen(js_name = editorCreate)]
    fn editor_create(
        parent: &web_sys::Element,
        text: &str,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> Option<EditorHandle>;

    /// The object `svcplayEditor.create` returns.
    #[derive(Clone)]
    pub type EditorHandle;

    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorHandle, text: &str);
    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics_json(this: &EditorHandle, json: &str);
    #[wasm_bindgen(method)]
    fn reveal(this: &EditorHandle, line: u32, column: u32);
    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);
}

/// Loads the editor bundle after the page has painted a frame since this call, then calls `f` (so
/// the first view is never held back by CodeMirror); never if the bundle failed to load.
pub fn when_ready(f: impl FnOnce() + 'static) {
    editor_when_ready(Closure::once_into_js(f));
}

/// A live CodeMirror editor. Dropping it destroys the editor.
pub struct Editor {
    handle: EditorHandle,
    _on_change: Closure<dyn FnMut(String)>,
    /// The analysis whose diagnostics were last sent (or are about to be): most edits leave them
    /// as they were (CodeMirror maps the markers through each change itself), and then nothing
    /// is sent.
    shown: RefCell<Option<Rc<Analysis>>>,
    /// The analysis whose diagnostics go into the editor after the next frame (see
    /// [`Editor::set_diagnostics`]); `None` when nothing waits.
    pending: Rc<RefCell<Option<Rc<Analysis>>>>,
}

impl Editor {
    /// Creates the editor inside `parent` holding `text`. `on_change` gets the whole text after
    /// each edit by the person (batched per microtask; never for [`Editor::set_text`]).
    pub fn create(parent: &web_sys::Element, text: &str, on_change: impl FnMut(String) + 'static) -> Option<Editor> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let handle = editor_create(parent, text, &on_change)?;
        Some(Editor { handle, _on_change: on_change, shown: RefCell::new(None), pending: Rc::default() })
    }

    /// Replaces the text as one undoable change (only the part that differs).
    pub fn set_text(&self, text: &str) {
        self.handle.set_text(text);
    }

    /// Shows the diagnostics of `analysis` as lint markers (see [`diagnostics_json`]) after the
    /// next frame, so that they never hold back the frame that shows an edit: comparing them with
    /// the ones shown is all that happens now (on a large input, writing them out is
    /// milliseconds), and only the newest analysis waiting is sent.
    pub fn set_diagnostics(&self, analysis: &Rc<Analysis>) {
        let same = match &*self.shown.borrow() {
            Some(shown) => Rc::ptr_eq(shown, analysis) || shown.diagnostics == analysis.diagnostics,
            None => analysis.diagnostics.is_empty(),
        };
        // Replaced even when the same: the older analysis is not kept alive by the editor.
        *self.shown.borrow_mut() = Some(analysis.clone());
        if same {
            return;
        }
        let waiting = self.pending.borrow_mut().replace(analysis.clone()).is_some();
        if waiting {
            return;
        }
        let (pending, handle) = (Rc::downgrade(&self.pending), self.handle.clone());
        after_paint(move || {
            // Gone with its editor, or already sent: nothing to do.
            let Some(analysis) = pending.upgrade().and_then(|p| p.borrow_mut().take()) else { return };
            handle.set_diagnostics_json(&diagnostics_json(&analysis.diagnostics));
        });
    }

    /// Whether the diagnostics of `analysis` itself are the ones last handed to
    /// [`Editor::set_diagnostics`].
    pub fn shows(&self, analysis: &Rc<Analysis>) -> bool {
        self.shown.borrow().as_ref().is_some_and(|shown| Rc::ptr_eq(shown, analysis))
    }

    /// Puts the cursor at a 1-based line:column, scrolls there and focuses the editor.
    pub fn reveal(&self, line: u32, column: u32) {
        self.handle.reveal(line, column);
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.handle.destroy();
    }
}

/// The diagnostics as the bundle's `setDiagnostics` takes them:
/// `[{"line","column","endLine","endColumn","severity","code","message"}]`, positions 1-based
/// (columns in characters); `endLine` 0 when the end is unknown.
pub fn diagnostics_json(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::from("[");
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (s, e) = (d.span.start, d.span.end);
        let _ = write!(
            out,
            r#"{{"line":{},"column":{},"endLine":{},"endColumn":{},"severity":"#,
            s.line, s.column, e.line, e.column
        );
        out.push_str(&json::quote(d.severity.as_str()));
        out.push_str(r#","code":"#);
        out.push_str(&json::quote(d.code.as_str()));
        out.push_str(r#","message":"#);
        let mut message = d.text();
        if let Some(field) = &d.field {
            if !message.contains(field.as_str()) {
                message = format!("{field}: {message}");
            }
        }
        out.push_str(&json::quote(&message));
        out.push('}');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Severity;

    #[test]
    fn diagnostics_become_json_with_escaped_text() {
        let mut d = Diagnostic::new(Severity::Error, engine::diag::Code::UnknownField, "bad \"port\"\n\\ here");
        d.span.start = engine::yaml::Pos { line: 3, column: 5 };
        d.span.end = engine::yaml::Pos { line: 3, column: 9 };
        d.field = Some("spec.ports[0].port".into());
        assert_eq!(
            diagnostics_json(&[d.clone(), d]),
            concat!(
                r#"[{"line":3,"column":5,"endLine":3,"endColumn":9,"severity":"error","code":"unknown-field","#,
                r#""message":"spec.ports[0].port: bad \"port\"\n\\ here"},"#,
                r#"{"line":3,"column":5,"endLine":3,"endColumn":9,"severity":"error","code":"unknown-field","#,
                r#""message":"spec.ports[0].port: bad \"port\"\n\\ here"}]"#
            )
        );
        assert_eq!(diagnostics_json(&[]), "[]");
    }
}
