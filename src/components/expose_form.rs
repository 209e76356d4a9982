//! The `kubectl expose` form of the What if… menu: `--type`, `--port`, `--target-port` and
//! `--name`, the command line they make, and the Service it would add with each flag's lines
//! marked ([`engine::edit::expose_preview`]); submitting adds that Service as a text edit.

use super::whatif_menu::apply;
use crate::state::State;
use engine::edit::{expose_command_with, expose_preview, ExposeFlags, Target, WhatIf, EXPOSE_FLAGS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExposeProps {
    pub state: UseReducerHandle<State>,
    /// The Deployment, ReplicaSet or Pod to expose.
    pub target: Target,
    /// Called when the Service was added: the menu closes, as after any other what-if.
    pub on_done: Callback<()>,
}

fn some(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

#[function_component(ExposeForm)]
pub fn expose_form(props: &ExposeProps) -> Html {
    let flags = use_state(ExposeFlags::default);
    let hot = use_state(|| None::<&'static str>);
    let target = &props.target;

    let set = |f: fn(&mut ExposeFlags, String)| {
        let flags = flags.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut next = (*flags).clone();
            f(&mut next, value);
            flags.set(next);
        })
    };
    let on_type = {
        let flags = flags.clone();
        Callback::from(move |e: Event| {
            let mut next = (*flags).clone();
            next.type_ = some(e.target_unchecked_into::<HtmlSelectElement>().value());
            flags.set(next);
        })
    };
    let focus = |flag: &'static str| {
        let hot = hot.clone();
        Callback::from(move |_: FocusEvent| hot.set(Some(flag)))
    };
    let blur = {
        let hot = hot.clone();
        Callback::from(move |_: FocusEvent| hot.set(None))
    };
    let w = WhatIf::Expose { target: target.clone(), flags: (*flags).clone() };
    let onsubmit = {
        let (state, w, flags, on_done) = (props.state.clone(), w.clone(), flags.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let action = apply(&state, &w);
            if matches!(action, crate::state::Action::Applied { .. }) {
                flags.set(ExposeFlags::default());
                on_done.emit(());
            }
            state.dispatch(action);
        })
    };
    let preview = expose_preview(&props.state.text, target, &flags);
    let given = |flag: &str| match flag {
        "--type" => flags.type_.is_some(),
        "--port" => flags.port.is_some(),
        "--target-port" => flags.target_port.is_some(),
        _ => flags.name.is_some(),
    };
    html! {
        <form class="expose-form" {onsubmit} aria-label={format!("kubectl expose {} {}", target.kind.to_lowercase(), target.name)} data-testid="expose-form">
            <h3>{ "kubectl expose" }</h3>
            <div class="expose-flags">
                <label>{ "--type" }
                    <select onchange={on_type} onfocus={focus("--type")} onblur={blur.clone()} aria-label="--type">
                        <option value="" selected={flags.type_.is_none()}>{ "(ClusterIP)" }</option>
                        { for ["ClusterIP", "NodePort", "LoadBalancer"].into_iter().map(|t| html! {
                            <option value={t} selected={flags.type_.as_deref() == Some(t)}>{ t }</option>
                        }) }
                    </select>
                </label>
                <label>{ "--port" }
                    <input type="number" min="1" max="65535" inputmode="numeric" aria-label="--port" placeholder="container port"
                        value={flags.port.map(|p| p.to_string()).unwrap_or_default()}
                        oninput={set(|f, v| f.port = v.trim().parse().ok())} onfocus={focus("--port")} onblur={blur.clone()} />
                </label>
                <label>{ "--target-port" }
                    <input type="text" aria-label="--target-port" placeholder="= port" autocomplete="off" spellcheck="false"
                        value={flags.target_port.clone().unwrap_or_default()}
                        oninput={set(|f, v| f.target_port = some(v))} onfocus={focus("--target-port")} onblur={blur.clone()} />
                </label>
                <label>{ "--name" }
                    <input type="text" aria-label="--name" placeholder={target.name.clone()} autocomplete="off" spellcheck="false"
                        value={flags.name.clone().unwrap_or_default()}
                        oninput={set(|f, v| f.name = some(v))} onfocus={focus("--name")} onblur={blur} />
                </label>
            </div>
            <code class="expose-command" data-testid="expose-command">{ expose_command_with(target, &flags) }</code>
            <ul class="expose-legend" aria-label="What each flag sets">
                { for EXPOSE_FLAGS.iter().map(|(flag, field, default)| html! {
                    <li class={classes!(given(flag).then_some("given"), (*hot == Some(*flag)).then_some("hot"))}>
                        <code class="flag">{ *flag }</code>{ " → " }<code>{ *field }</code>
                        if !given(flag) { <span class="muted">{ format!(" (default: {default})") }</span> }
                    </li>
                }) }
            </ul>
            { match &preview {
                Ok(lines) => html! {
                    <pre class="expose-preview" data-testid="expose-preview" aria-label="The Service it adds" role="region" tabindex="0">
                        { for lines.iter().map(|l| match l.flag {
                            Some(flag) => html! {
                                <span class={classes!("line", "set", given(flag).then_some("given"), (*hot == Some(flag)).then_some("hot"))} data-flag={flag}>
                                    { &l.text }<span class="flag-tag">{ flag }</span>{ "\n" }
                                </span>
                            },
                            None => html! { <span class="line">{ &l.text }{ "\n" }</span> },
                        }) }
                    </pre>
                },
                Err(e) => html! { <p class="expose-error" role="alert">{ format!("kubectl would refuse: {e}") }</p> },
            } }
            <button type="submit" class="button" disabled={preview.is_err()}>{ "Add this Service" }</button>
        </form>
    }
}
