//! The notice after a what-if: what it did, its next step when it has one (a killed pod's
//! replacement starting, then becoming Ready), and Undo.

use super::whatif_menu::apply;
use crate::state::{Action, State};
use yew::prelude::*;

/// The notice, or nothing when no what-if was just applied. (A plain function, not a component:
/// it renders with the app, which re-renders on every change anyway.)
pub fn undo_notice(state: &UseReducerHandle<State>) -> Html {
    let Some(u) = state.undo.as_ref() else { return html! {} };
    let next = u.next.as_ref().map(|w| {
        let (state, w) = (state.clone(), w.clone());
        let label = w.label();
        html! {
            <button type="button" class="button primary" data-testid="next-step"
                onclick={Callback::from(move |_| state.dispatch(apply(&state, &w)))}>{ label }</button>
        }
    });
    let undo = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Undo))
    };
    let dismiss = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::DismissUndo))
    };
    html! {
        <div class="notice undo-notice" role="status" data-testid="undo-notice">
            <span>{ format!("Done: {}.", u.label) }</span>
            <span class="notice-actions">
                { for next }
                <button type="button" class="button" onclick={undo}>{ "Undo" }</button>
                <button type="button" class="link" onclick={dismiss}>{ "Dismiss" }</button>
            </span>
        </div>
    }
}
