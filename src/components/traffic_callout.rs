//! The callout under the Traffic summary: why traffic to the shown port fails or is at risk, as
//! `engine::present::callout` works it out, one cause per row with a button that puts the
//! editor's cursor on the line to fix. It speaks about the frontend the diagram shows (`focus`).

use crate::state::{Action, State};
use engine::present::callout::{callout_for, Tone};
use engine::present::diagram::Focus;
use engine::{Analysis, ServiceView};
use yew::{classes, html, Callback, Html, MouseEvent, UseReducerHandle};

pub fn traffic_callout(
    state: &UseReducerHandle<State>,
    a: &Analysis,
    v: &ServiceView,
    port_idx: usize,
    focus: Option<&Focus>,
) -> Html {
    let causes = callout_for(a, v, port_idx, focus.map(|f| f.kind));
    let Some(worst) = causes.first().map(|c| c.tone) else { return html! {} };
    let to = focus.map(|f| format!(" to {}", f.label())).unwrap_or_default();
    let label = match worst {
        Tone::Fails => format!("Why traffic{to} fails"),
        Tone::AtRisk => format!("Why traffic{to} is at risk"),
        Tone::Note => format!("Worth knowing about this traffic{to}"),
    };
    html! {
        <div class={classes!("dg-callout", worst.as_str())} role="note" aria-label={label}
            data-frontend={focus.map_or("", |f| f.kind.as_str())} data-testid="traffic-callout">
            <ul>
                { for causes.iter().map(|c| {
                    let (line, column) = (c.line, c.column);
                    let d = state.dispatcher();
                    let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Reveal { line, column }));
                    let icon = match c.tone { Tone::Fails => "✖", Tone::AtRisk => "▲", Tone::Note => "ℹ" };
                    html! {
                        <li class={classes!("cause", c.tone.as_str())} data-code={c.code.map_or("", |k| k.as_str())}>
                            <span class="sev" aria-hidden="true">{ icon }</span>
                            <span class="cause-body">
                                <strong class="cause-title">{ c.title }{ ": " }</strong>
                                <span class="cause-text">{ &c.text }</span>
                                if let Some(h) = &c.help { <span class="cause-help">{ " — " }{ h }</span> }
                                { " " }
                                <button type="button" class="link cause-line" data-testid="callout-line"
                                    data-line={line.to_string()} title={format!("Go to line {line}, column {column}")} {onclick}>
                                    { format!("→ line {line}") }
                                </button>
                            </span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
