//! "What if…": edits of the manifest that answer a question (what if this pod were not Ready?
//! scaled to 5? exposed?). Choose an object of the manifest, then one of the what-ifs that apply
//! to it ([`engine::edit::suggestions`]), or `kubectl expose` it ([`super::expose_form`]). Each is
//! an edit of the text ([`engine::edit`]): it goes through `Action::Applied`, the views follow,
//! and the notice's Undo (see [`super::undo_notice`]) or the editor's undo (Ctrl+Z) takes it back.
//! The menu closes after each what-if and gives the focus back to its button, so the next click
//! or key press goes where the person meant it (never to the item that took the place of the one
//! just used).

use super::examples_menu::focus_summary;
use super::expose_form::ExposeForm;
use super::ShellProps;
use crate::state::{Action, State};
use engine::edit::{self, Target, WhatIf};
use engine::model::{Kind, ObjectId};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The objects a what-if can edit: the ones written in the text (not simulated), in input order.
pub fn editable(state: &State) -> Vec<ObjectId> {
    state.analysis.objects.with_ids().filter(|(_, o)| !o.simulated && !o.name.is_empty()).map(|(i, _)| i).collect()
}

/// The object chosen by default: a pod of the shown Service, else its workload's... else the first
/// pod, else the first object.
pub fn default_object(state: &State) -> Option<ObjectId> {
    let a = &state.analysis;
    let list = editable(state);
    let shown = state.service().and_then(|v| v.selected.iter().copied().find(|i| list.contains(i)));
    shown
        .or_else(|| list.iter().copied().find(|&i| a.objects[i].kind == Kind::Pod))
        .or_else(|| {
            list.iter()
                .copied()
                .find(|&i| matches!(a.objects[i].kind, Kind::Deployment | Kind::StatefulSet | Kind::ReplicaSet))
        })
        .or_else(|| list.first().copied())
}

/// Applies `w` to the state's text: `Action::Applied` with the result (an edit the notice can
/// undo, with the what-if's next step), or a notice saying why not.
pub fn apply(state: &State, w: &WhatIf) -> Action {
    match w.apply(&state.text) {
        Ok(text) => Action::Applied { text, label: w.label(), next: w.next() },
        Err(e) => Action::Notice(Some(format!("“{}” could not be applied: {e}", w.label()))),
    }
}

/// Closes the menu (`<details>`) and puts the focus on its button.
fn close(details: &NodeRef) {
    if let Some(d) = details.cast::<Element>() {
        let _ = d.remove_attribute("open");
    }
    focus_summary(details);
}

#[function_component(WhatIfMenu)]
pub fn whatif_menu(props: &ShellProps) -> Html {
    let state = &props.state;
    let a = &state.analysis;
    let details = use_node_ref();
    let chosen = use_state(|| None::<Target>);
    let key_ref = use_node_ref();
    let value_ref = use_node_ref();
    // The panel is made only while the menu is open: on a large dump its object list (thousands of
    // options) and the expose preview (which reads the target's document again) would cost every
    // render of the page, while nobody looks at them.
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<Element>().has_attribute("open")))
    };
    if !*open {
        return html! {
            <details class="menu whatif-menu" ref={details} {ontoggle}>
                <summary class="button" aria-label="What if: change the manifest to see what happens">{ "What if…" }</summary>
                <div class="menu-panel" role="group" aria-label="What if"></div>
            </details>
        };
    }

    let list = editable(state);
    let idx = (*chosen)
        .as_ref()
        .and_then(|t| list.iter().copied().find(|&i| Target::of(&a.objects[i]) == *t))
        .or_else(|| default_object(state));

    let onkeydown = {
        let details = details.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close(&details);
            }
        })
    };
    let onchange = {
        let chosen = chosen.clone();
        let objects: Vec<Target> = list.iter().map(|&i| Target::of(&a.objects[i])).collect();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(t) = sel.value().parse::<usize>().ok().and_then(|i| objects.get(i)) {
                chosen.set(Some(t.clone()));
            }
        })
    };
    let run = |w: WhatIf| {
        let state = state.clone();
        let details = details.clone();
        Callback::from(move |_: MouseEvent| {
            close(&details);
            state.dispatch(apply(&state, &w));
        })
    };

    let body = match idx {
        None => html! { <p class="muted">{ "Nothing to change yet: write or load a manifest first." }</p> },
        Some(i) => {
            let o = &a.objects[i];
            let target = Target::of(o);
            let suggestions = edit::suggestions(a, i);
            let add_label = {
                let (key_ref, value_ref) = (key_ref.clone(), value_ref.clone());
                let state = state.clone();
                let details = details.clone();
                let target = target.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let key = key_ref.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
                    let value = value_ref.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
                    let w = WhatIf::AddLabels {
                        target: target.clone(),
                        labels: vec![(key.trim().to_string(), value.trim().to_string())],
                        reason: None,
                    };
                    close(&details);
                    state.dispatch(apply(&state, &w));
                })
            };
            html! {
                <>
                    <ul class="whatif-list">
                        // Keyed by label: an item's button is never reused for another what-if.
                        { for suggestions.into_iter().map(|w| html! {
                            <li key={w.label()}><button type="button" class="whatif" onclick={run(w.clone())}>{ w.label() }</button></li>
                        }) }
                    </ul>
                    <form class="label-form" onsubmit={add_label} aria-label={format!("Add a label to {}", o.name)}>
                        <label>{ "Label key" }<input ref={key_ref.clone()} type="text" name="key" placeholder="tier" required=true autocomplete="off" spellcheck="false" /></label>
                        <label>{ "value" }<input ref={value_ref.clone()} type="text" name="value" placeholder="frontend" autocomplete="off" spellcheck="false" /></label>
                        <button type="submit" class="button">{ "Add label" }</button>
                    </form>
                    if matches!(o.kind, Kind::Deployment | Kind::ReplicaSet | Kind::Pod) {
                        <ExposeForm state={state.clone()} target={target.clone()}
                            on_done={{ let details = details.clone(); Callback::from(move |()| close(&details)) }} />
                    }
                </>
            }
        }
    };
    html! {
        <details class="menu whatif-menu" ref={details.clone()} {onkeydown} {ontoggle} open=true>
            <summary class="button" aria-label="What if: change the manifest to see what happens">{ "What if…" }</summary>
            <div class="menu-panel" role="group" aria-label="What if">
                <label class="field">
                    <span>{ "Object" }</span>
                    <select {onchange} aria-label="Object to change">
                        { for list.iter().enumerate().map(|(n, &i)| {
                            let o = &a.objects[i];
                            let text = if o.namespace.is_empty() || o.namespace == "default" {
                                format!("{} {}", o.kind, o.name)
                            } else {
                                format!("{} {}/{}", o.kind, o.namespace, o.name)
                            };
                            html! { <option value={n.to_string()} selected={Some(i) == idx}>{ text }</option> }
                        }) }
                    </select>
                </label>
                { body }
                <p class="hint">{ "Each what-if edits the YAML; Undo in the notice, or Ctrl+Z in the editor, takes it back." }</p>
            </div>
        </details>
    }
}
