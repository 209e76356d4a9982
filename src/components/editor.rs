//! The manifest editor: CodeMirror 6 (through [`crate::bridge`]) when its bundle is loaded, else a
//! plain `<textarea>`. Either way it is labelled "Manifest YAML" and is the single source of truth:
//! every edit goes to `on_edit`, and a new `text` prop (a what-if, an example, a share link) goes
//! into the editor as one undoable change.

use crate::bridge;
use crate::state::Reveal;
use engine::Analysis;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// Above this size (bytes) edits leave the editor at most once per [`DEBOUNCE_MS`] of typing
/// (copying a text this large out of the editor on every keystroke would itself slow typing; the
/// analysis runs in slices anyway, see [`crate::runner`]).
const LARGE_TEXT: usize = 1024 * 1024;
const DEBOUNCE_MS: u32 = 150;

#[derive(Properties)]
pub struct Props {
    pub text: Rc<str>,
    pub on_edit: Callback<Rc<str>>,
    /// An analysis: its diagnostics become inline markers when it is of the text in the editor.
    pub diagnostics: Rc<Analysis>,
    /// The text `diagnostics` is of.
    pub analysed: Rc<str>,
    /// Where to put the cursor (a clicked problem); a new `seq` moves it again.
    #[prop_or_default]
    pub reveal: Option<Reveal>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.text, &other.text)
            && self.on_edit == other.on_edit
            && Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
            && Rc::ptr_eq(&self.analysed, &other.analysed)
            && self.reveal == other.reveal
    }
}

/// What lives across renders (and is shared with the editor's change callback).
struct Inner {
    editor: Option<bridge::Editor>,
    /// The latest props, for callbacks that run later.
    text: Rc<str>,
    analysis: Rc<Analysis>,
    analysed: Rc<str>,
    on_edit: Callback<Rc<str>>,
    /// The text in the editor now (as of its last change).
    editor_text: Rc<str>,
    /// The last text sent to `on_edit` or put into the editor: a `text` prop equal to it is our own
    /// edit coming back; any other `text` prop is a replacement from elsewhere.
    known: Rc<str>,
    revealed: Option<Reveal>,
    debounce: Option<Timeout>,
}

type Shared = Rc<RefCell<Inner>>;

/// The editor reported a change: pass it on now, or after a pause when the text is large.
fn changed(weak: &Weak<RefCell<Inner>>, text: String) {
    let Some(shared) = weak.upgrade() else { return };
    let text: Rc<str> = text.into();
    let large = text.len() > LARGE_TEXT;
    let emit = {
        let mut inner = shared.borrow_mut();
        inner.editor_text = text.clone();
        if large {
            let weak = weak.clone();
            inner.debounce = Some(Timeout::new(DEBOUNCE_MS, move || flush(&weak)));
            None
        } else {
            inner.debounce = None;
            inner.known = text.clone();
            Some(inner.on_edit.clone())
        }
    };
    // No borrow held: `emit` may render (and run the sync effect) before it returns. The text is
    // shared with the state, not copied (on a large text a copy is a cost of every keystroke).
    if let Some(on_edit) = emit {
        on_edit.emit(text);
    }
}

/// The debounce ran out: send the editor's current text.
fn flush(weak: &Weak<RefCell<Inner>>) {
    let Some(shared) = weak.upgrade() else { return };
    let (on_edit, text) = {
        let mut inner = shared.borrow_mut();
        inner.debounce = None;
        inner.known = inner.editor_text.clone();
        (inner.on_edit.clone(), inner.editor_text.clone())
    };
    on_edit.emit(text);
}

/// Brings the editor up to date with the props: replaced text, new diagnostics, a reveal.
fn sync(shared: &Shared) {
    let mut inner = shared.borrow_mut();
    let inner = &mut *inner;
    let Some(editor) = &inner.editor else { return };
    if !Rc::ptr_eq(&inner.text, &inner.known) && *inner.text != *inner.known {
        // Replaced from elsewhere (a what-if, an example, a share link): one undoable change.
        inner.debounce = None;
        editor.set_text(&inner.text);
        inner.editor_text = inner.text.clone();
    }
    inner.known = inner.text.clone();
    let fresh = !editor.shows(&inner.analysis);
    // Markers only for the text the editor holds (not while a large edit waits to be analyzed).
    if fresh && (Rc::ptr_eq(&inner.analysed, &inner.editor_text) || *inner.analysed == *inner.editor_text) {
        editor.set_diagnostics(&inner.analysis);
    }
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let host = use_node_ref();
    let area = use_node_ref();
    let ready = use_state(|| false);
    let shared: Shared = {
        let p = (
            props.text.clone(),
            props.diagnostics.clone(),
            props.on_edit.clone(),
            props.reveal,
            props.analysed.clone(),
        );
        use_mut_ref(move || Inner {
            editor: None,
            text: p.0.clone(),
            analysis: p.1,
            analysed: p.4,
            on_edit: p.2,
            editor_text: p.0.clone(),
            known: p.0,
            revealed: p.3,
            debounce: None,
        })
    };
    {
        let mut inner = shared.borrow_mut();
        inner.text = props.text.clone();
        inner.analysis = props.diagnostics.clone();
        inner.analysed = props.analysed.clone();
        inner.on_edit = props.on_edit.clone();
    }

    // Once: create CodeMirror when its bundle is there; destroy it on unmount.
    {
        let (shared, host, area, ready) = (shared.clone(), host.clone(), area.clone(), ready.clone());
        use_effect_with((), move |_| {
            let weak = Rc::downgrade(&shared);
            bridge::when_ready(move || {
                let Some(shared) = weak.upgrade() else { return };
                let Some(parent) = host.cast::<Element>() else { return };
                // The editor comes after the first view (see bridge::when_ready): the person may
                // already have typed into the textarea. Its value and cursor are what they see.
                let textarea = area.cast::<HtmlTextAreaElement>();
                let (props_text, on_edit) = {
                    let inner = shared.borrow();
                    (inner.text.clone(), inner.on_edit.clone())
                };
                let typed = textarea.as_ref().map(|a| a.value()).filter(|v| *v != *props_text);
                let text: Rc<str> = typed.as_deref().map_or(props_text, Rc::from);
                let on_change = {
                    let weak = weak.clone();
                    move |text: String| changed(&weak, text)
                };
                let Some(editor) = bridge::Editor::create(&parent, &text, on_change) else { return };
                let had_focus = textarea
                    .as_ref()
                    .zip(gloo::utils::document().active_element())
                    .is_some_and(|(a, active)| Element::from(a.clone()) == active);
                if had_focus {
                    let cursor = textarea.as_ref().and_then(|a| a.selection_start().ok().flatten()).unwrap_or(0);
                    let (line, column) = line_column(&text, cursor);
                    editor.reveal(line, column);
                }
                {
                    let mut inner = shared.borrow_mut();
                    inner.editor_text = text.clone();
                    inner.known = text.clone();
                    inner.editor = Some(editor);
                }
                if typed.is_some() {
                    // Not yet passed on (the textarea's input event had not reached the app).
                    on_edit.emit(text.clone());
                }
                sync(&shared);
                ready.set(true);
            });
            move || {
                // Drop the editor (and its callback) outside the borrow.
                let editor = shared.borrow_mut().editor.take();
                drop(editor);
                shared.borrow_mut().debounce = None;
            }
        });
    }

    // After every render: push replaced text, diagnostics and reveals into the editor.
    {
        let (shared, area) = (shared.clone(), area.clone());
        let reveal = props.reveal;
        use_effect(move || {
            sync(&shared);
            let pending = {
                let mut inner = shared.borrow_mut();
                let new = reveal.is_some() && reveal != inner.revealed;
                inner.revealed = reveal;
                new.then_some(reveal).flatten()
            };
            if let Some(r) = pending {
                let inner = shared.borrow();
                match &inner.editor {
                    Some(editor) => editor.reveal(r.line, r.column),
                    None => {
                        if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                            reveal_in_textarea(&area, r.line, r.column);
                        }
                    }
                }
            }
        });
    }

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value().into());
        })
    };
    html! {
        <>
            <div ref={host} class="editor-host" data-editor={if *ready { "codemirror" } else { "textarea" }} />
            if !*ready {
                // wrap="off": lines break where CodeMirror breaks them, so the text does not jump when
                // the editor takes over from the textarea after the first paint.
                <textarea ref={area} class="editor" aria-label="Manifest YAML" spellcheck="false" autocapitalize="off" wrap="off"
                    value={String::from(&*props.text)} {oninput} />
            }
        </>
    }
}

/// Fallback for the plain textarea: select the 1-based line:column (characters) and focus.
fn reveal_in_textarea(area: &HtmlTextAreaElement, line: u32, column: u32) {
    let offset = utf16_offset(&area.value(), line, column);
    let _ = area.focus();
    let _ = area.set_selection_range(offset, offset);
}

/// The 1-based line:column (characters) of a UTF-16 offset (what the DOM counts), clamped to the
/// text: the inverse of [`utf16_offset`].
fn line_column(text: &str, offset: u32) -> (u32, u32) {
    let (mut line, mut column, mut at) = (1u32, 1u32, 0u32);
    for c in text.chars() {
        if at >= offset {
            break;
        }
        at += c.len_utf16() as u32;
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// The UTF-16 offset (what the DOM counts) of a 1-based line:column, clamped to the text.
fn utf16_offset(text: &str, line: u32, column: u32) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let body = l.strip_suffix('\n').unwrap_or(l);
            let body = body.strip_suffix('\r').unwrap_or(body);
            offset += body.chars().take(column.saturating_sub(1) as usize).map(char::len_utf16).sum::<usize>();
            return offset as u32;
        }
        offset += l.encode_utf16().count();
    }
    offset as u32
}

#[cfg(test)]
mod tests {
    use super::{line_column, utf16_offset};

    #[test]
    fn utf16_offsets_become_line_and_column() {
        let t = "a: 1\nbé: 😀x\n";
        for (line, column) in [(1, 1), (1, 5), (2, 1), (2, 5), (2, 6), (2, 7), (3, 1)] {
            assert_eq!(line_column(t, utf16_offset(t, line, column)), (line, column));
        }
        assert_eq!(line_column(t, 999), (3, 1));
    }

    #[test]
    fn line_and_column_become_utf16_offsets() {
        let t = "a: 1\nbé: 😀x\n";
        assert_eq!(utf16_offset(t, 1, 1), 0);
        assert_eq!(utf16_offset(t, 2, 1), 5);
        assert_eq!(utf16_offset(t, 2, 5), 9);
        assert_eq!(utf16_offset(t, 2, 6), 11);
        assert_eq!(utf16_offset(t, 2, 99), 12);
        assert_eq!(utf16_offset(t, 9, 1), 13);
    }
}
