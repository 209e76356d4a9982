//! The Cluster view: the settings of the cluster the manifest is analysed as (Service and pod
//! CIDRs, NodePort range, domain, version, kube-proxy mode, nodes), each with where it comes from
//! and, when the text does not state it, how to. "Change" edits the text
//! (`Action::SetClusterSetting`), so undo, share links and autosave carry the change. Everything
//! shown comes from `engine::present::cluster`.

use super::ViewProps;
use crate::state::Action;
use engine::present::cluster::{cluster_view, ClusterField, SettingRow};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Nodes listed before the rest collapse to a count.
const NODES_SHOWN: usize = 50;

/// Addresses one under the other (a dual-stack node has two of each); a dash for none.
fn list(items: &[String]) -> Html {
    if items.is_empty() {
        return html! { <span class="muted">{ "—" }</span> };
    }
    html! { <span class="stack">{ for items.iter().map(|i| html! { <code>{ i }</code> }) }</span> }
}

#[function_component(ClusterPanel)]
pub fn view(props: &ViewProps) -> Html {
    let state = &props.state;
    let editing = use_state_eq(|| None::<ClusterField>);
    let input = use_node_ref();
    let view = cluster_view(&state.analysis);
    let readonly = state.readonly();
    {
        // The form opens with its field focused.
        let input = input.clone();
        use_effect_with(*editing, move |e| {
            if e.is_some() {
                if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }

    let row = |r: &SettingRow| {
        let f = r.field;
        let id = f.id();
        let origin = match r.at {
            Some((line, column)) => {
                let d = state.dispatcher();
                html! {
                    <button type="button" class="link origin" title="Show it in the editor"
                        onclick={Callback::from(move |_| d.dispatch(Action::Reveal { line, column }))}>
                        { &r.origin }
                    </button>
                }
            }
            None => html! { <span class="origin">{ &r.origin }</span> },
        };
        let open = *editing == Some(f);
        let form = r.input.as_ref().filter(|_| open).map(|start| {
            let d = state.dispatcher();
            let choice = !r.choices.is_empty();
            let onsubmit = {
            let (editing, input) = (editing.clone(), input.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let value = if choice {
                    input.cast::<HtmlSelectElement>().map(|s| s.value())
                } else {
                    input.cast::<HtmlInputElement>().map(|i| i.value())
                };
                if let Some(edit) = value.and_then(|v| f.edit(&v)) {
                    d.dispatch(Action::SetClusterSetting(edit));
                }
                editing.set(None);
            })
            };
            let cancel = {
                let editing = editing.clone();
                Callback::from(move |_| editing.set(None))
            };
            let onkeydown = {
                let editing = editing.clone();
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Escape" {
                        editing.set(None);
                    }
                })
            };
            let label = format!("New {}", f.label());
            html! {
                <form class="setting-form" {onsubmit} {onkeydown} data-testid={format!("cluster-form-{id}")}>
                    if choice {
                        <select ref={input.clone()} aria-label={label}>
                            { for r.choices.iter().map(|c| html! { <option value={c.clone()} selected={c == start}>{ c }</option> }) }
                        </select>
                    } else {
                        <input ref={input.clone()} type="text" value={start.clone()} aria-label={label}
                            spellcheck="false" autocapitalize="off" autocomplete="off" />
                    }
                    <button type="submit" class="button">{ "Apply" }</button>
                    <button type="button" class="link" onclick={cancel}>{ "Cancel" }</button>
                </form>
            }
        });
        let change = (r.input.is_some() && !open && !readonly).then(|| {
            let editing = editing.clone();
            html! {
                <button type="button" class="link change" aria-label={format!("Change the {}", f.label())}
                    onclick={Callback::from(move |_| editing.set(Some(f)))}>{ "Change" }</button>
            }
        });
        html! {
            <div class={classes!("setting", r.kind)} data-testid={format!("cluster-{id}")} data-source={r.kind}>
                <dt>{ f.label() }</dt>
                <dd>
                    <div class="setting-value">
                        { for r.values.iter().map(|v| html! {
                            <code class="value">{ &v.text }if let Some(t) = v.tag { <span class="tag">{ t }</span> }</code>
                        }) }
                        { for change }
                    </div>
                    { for form }
                    <div class="setting-source"><span class={classes!("badge", "soft", r.kind)}>{ r.kind }</span>{ origin }</div>
                    if let Some(n) = &r.note { <p class="muted small note">{ n }</p> }
                </dd>
            </div>
        }
    };

    let hidden = view.nodes.len().saturating_sub(NODES_SHOWN);
    html! {
        <section class="card views cluster-panel" aria-label="Cluster">
            <h2>{ "Cluster" }</h2>
            <p class="muted lead">{ "The cluster this manifest is analysed as. What the text states wins; the rest is inferred from its objects, or kubeadm's default. A change here is an edit of the text (a ClusterConfiguration document), so Undo takes it back." }</p>
            <dl class="settings" data-testid="cluster-settings">{ for view.rows.iter().map(row) }</dl>
            <h3>{ "Nodes" }</h3>
            <div class="table-wrap">
                <table class="data" data-testid="cluster-node-table">
                    <thead><tr><th>{ "Name" }</th><th>{ "Internal IPs" }</th><th>{ "Pod CIDRs" }</th><th>{ "Zone" }</th><th>{ "Ready" }</th></tr></thead>
                    <tbody>
                        { for view.nodes.iter().take(NODES_SHOWN).map(|n| html! {
                            <tr>
                                <td><code>{ &n.name }</code></td>
                                <td>{ list(&n.ips) }</td>
                                <td>{ list(&n.pod_cidrs) }</td>
                                <td>{ &n.zone }</td>
                                <td>{ if n.ready { "Ready" } else { "NotReady" } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if hidden > 0 { <p class="muted small">{ format!("and {hidden} more nodes") }</p> }
        </section>
    }
}
