//! The one notice after a what-if: what it did, its next step when it has one (a killed pod's
//! replacement starting, then becoming Ready), Undo and Dismiss. It sits fixed over the bottom
//! edge of the page, so appearing, changing or going away never moves the tabs or the views
//! under the pointer; its live region also says "Undone: …" after Undo (to screen readers only).

use super::whatif_menu::apply;
use crate::state::{Action, State};
use yew::prelude::*;

/// Puts the focus on the first element matching `selector`, if there is one, without scrolling.
fn focus(selector: &str) {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(e) = el {
        crate::persist::focus_quietly(&e);
    }
}

/// The What if… menu's button: where the focus goes when the notice closes (Undo, Dismiss), as
/// after a what-if, instead of being dropped on the page.
const WHAT_IF_BUTTON: &str = ".whatif-menu > summary";

/// The notice's region (always there, so screen readers hear what appears in it), with the
/// notice when a what-if was just applied. (A plain function, not a component: it renders with
/// the app, which re-renders on every change anyway.)
pub fn undo_notice(state: &UseReducerHandle<State>) -> Html {
    let body = match (state.undo.as_ref(), state.undone.as_ref()) {
        (Some(u), _) => {
            let next = u.next.as_ref().map(|w| {
                let (state, w) = (state.clone(), w.clone());
                let label = w.label();
                html! {
                    <button key="next" type="button" class="button primary" data-testid="next-step"
                        onclick={Callback::from(move |_| {
                            let action = apply(&state, &w);
                            // The last step: this button goes away; keep the focus in the notice
                            // (on its message), not on Undo, where a second Enter would undo.
                            if matches!(action, Action::Applied { next: None, .. }) {
                                focus("[data-testid=\"undo-notice\"] .notice-text");
                            }
                            state.dispatch(action);
                        })}>{ label }</button>
                }
            });
            let undo = {
                let d = state.dispatcher();
                Callback::from(move |_| {
                    focus(WHAT_IF_BUTTON);
                    d.dispatch(Action::Undo)
                })
            };
            let dismiss = {
                let d = state.dispatcher();
                Callback::from(move |_| {
                    focus(WHAT_IF_BUTTON);
                    d.dispatch(Action::DismissUndo)
                })
            };
            html! {
                <div class="toast undo-notice" data-testid="undo-notice">
                    <span class="notice-text" tabindex="-1">{ format!("Done: {}.", u.label) }</span>
                    <span class="notice-actions">
                        { for next }
                        <button key="undo" type="button" class="button" data-testid="undo" onclick={undo}>{ "Undo" }</button>
                        <button key="dismiss" type="button" class="link" onclick={dismiss}>{ "Dismiss" }</button>
                    </span>
                </div>
            }
        }
        (None, Some(said)) => html! { <span class="sr-only">{ said }</span> },
        (None, None) => html! {},
    };
    html! {
        <div class="toast-region" role="status" aria-live="polite">{ body }</div>
    }
}
