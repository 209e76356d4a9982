//! The Service chooser of a big input (more than `engine::present::chooser::LIST_ABOVE`
//! Services): a button that opens a search box, a namespace filter and the matching Services as
//! a list box. From the keyboard: type to search, ↑/↓ to move, Enter to choose, Escape to close.
//! Which Services match is `engine::present::chooser::matching`.

use super::ViewProps;
use crate::state::Action;
use engine::present::chooser::{matching, namespaces};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Options drawn at once; more are reached by searching.
const SHOWN: usize = 200;

#[function_component(ServiceSearch)]
pub fn service_search(props: &ViewProps) -> Html {
    let state = &props.state;
    let a = &state.analysis;
    let open = use_state_eq(|| false);
    let query = use_state_eq(String::new);
    let ns = use_state_eq(|| None::<String>);
    let active = use_state_eq(|| 0usize);
    let input = use_node_ref();
    let list = use_node_ref();
    let toggle = use_node_ref();

    let found = matching(a, &query, ns.as_deref());
    let active_i = (*active).min(found.len().saturating_sub(1));
    let selected = state.selected_service;

    // Opening focuses the search box; moving the active option keeps it in view.
    {
        let input = input.clone();
        use_effect_with(*open, move |o| {
            if *o {
                if let Some(el) = input.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    {
        let list = list.clone();
        use_effect_with((active_i, *open, (*query).clone()), move |_| {
            let Some(ul) = list.cast::<HtmlElement>() else { return };
            let Some(li) = ul.query_selector("[data-active]").ok().flatten() else { return };
            let Ok(li) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(li) else { return };
            let (top, h, view, scroll) = (li.offset_top(), li.offset_height(), ul.client_height(), ul.scroll_top());
            if top < scroll {
                ul.set_scroll_top(top);
            } else if top + h > scroll + view {
                ul.set_scroll_top(top + h - view);
            }
        });
    }

    let choose = {
        let (d, open, toggle) = (state.dispatcher(), open.clone(), toggle.clone());
        Callback::from(move |i: usize| {
            d.dispatch(Action::SelectService(i));
            open.set(false);
            if let Some(el) = toggle.cast::<HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let onkeydown = {
        let (active, open, toggle, choose, found) =
            (active.clone(), open.clone(), toggle.clone(), choose.clone(), found.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                active.set((active_i + 1).min(found.len().min(SHOWN).saturating_sub(1)));
            }
            "ArrowUp" => {
                e.prevent_default();
                active.set(active_i.saturating_sub(1));
            }
            "Enter" => {
                e.prevent_default();
                if let Some(&i) = found.get(active_i) {
                    choose.emit(i);
                }
            }
            "Escape" => {
                e.prevent_default();
                open.set(false);
                if let Some(el) = toggle.cast::<HtmlElement>() {
                    let _ = el.focus();
                }
            }
            _ => {}
        })
    };
    let oninput = {
        let (query, active) = (query.clone(), active.clone());
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
            active.set(0);
        })
    };
    let onns = {
        let (ns, active) = (ns.clone(), active.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ns.set((!v.is_empty()).then_some(v));
            active.set(0);
        })
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let spaces = namespaces(a);
    let option_id = |i: usize| format!("svc-opt-{i}");
    let shown_name = a.services.get(selected).map(|v| format!("{}/{}", v.namespace, v.name)).unwrap_or_default();

    html! {
        <div class="svc-search" data-testid="service-search">
            <button type="button" ref={toggle} class="tab svc-search-toggle" aria-expanded={open.to_string()}
                aria-controls="svc-search-panel" onclick={ontoggle}>
                <span>{ format!("Service {} of {}", selected + 1, a.services.len()) }</span>
                <span class="muted">{ format!(" in {} namespace{}", spaces.len(), if spaces.len() == 1 { "" } else { "s" }) }</span>
                <span aria-hidden="true">{ if *open { " ▴" } else { " ▾" } }</span>
                <span class="sr-only">{ format!(": {shown_name}. Choose another") }</span>
            </button>
            if *open {
                <div class="svc-search-panel" id="svc-search-panel">
                    <div class="svc-search-controls">
                        <input ref={input} type="search" role="combobox" aria-label="Search Services"
                            aria-controls="svc-options" aria-expanded="true" aria-autocomplete="list"
                            aria-activedescendant={found.get(active_i).map(|&i| option_id(i))}
                            placeholder="Search by name or namespace" value={(*query).clone()}
                            spellcheck="false" autocapitalize="off" autocomplete="off" {oninput} {onkeydown} />
                        <select aria-label="Namespace" onchange={onns}>
                            <option value="" selected={ns.is_none()}>{ format!("All namespaces ({})", a.services.len()) }</option>
                            { for spaces.iter().map(|(n, c)| html! {
                                <option value={n.clone()} selected={ns.as_deref() == Some(n.as_str())}>{ format!("{n} ({c})") }</option>
                            }) }
                        </select>
                    </div>
                    <ul ref={list} id="svc-options" role="listbox" aria-label="Services" class="svc-options">
                        { for found.iter().take(SHOWN).enumerate().map(|(k, &i)| {
                            let v = &a.services[i];
                            let choose = choose.clone();
                            let is_active = k == active_i;
                            html! {
                                <li id={option_id(i)} role="option" aria-selected={(i == selected).to_string()}
                                    data-active={is_active.then_some("")}
                                    class={classes!("svc-option", is_active.then_some("active"), (i == selected).then_some("current"))}
                                    onclick={Callback::from(move |_| choose.emit(i))}>
                                    <span class="svc-option-ns">{ format!("{}/", v.namespace) }</span>
                                    <span class="svc-option-name">{ &v.name }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="muted small" role="status" data-testid="service-search-count">{
                        match found.len() {
                            0 => "No Service matches.".to_string(),
                            n if n > SHOWN => format!("{n} match; the first {SHOWN} are listed: narrow the search."),
                            1 => "1 Service matches.".to_string(),
                            n => format!("{n} Services match."),
                        }
                    }</p>
                </div>
            }
        </div>
    }
}
