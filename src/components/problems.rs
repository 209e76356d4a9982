use super::teach::docs_link;
use super::ViewProps;
use crate::state::Action;
use engine::present::problems::counts;
use engine::Severity;
use yew::prelude::*;

/// Every diagnostic with its line:column. Each one is a button: click (or Enter/Space) puts the
/// editor's cursor there.
#[function_component(Problems)]
pub fn problems(props: &ViewProps) -> Html {
    let diags = &props.state.analysis.diagnostics;
    let counts = counts(&props.state.analysis);
    html! {
        <section class="card problems" aria-label="Problems">
            <h2>{ "Problems " }<span class="count">{ counts.problems() }</span></h2>
            <p class="muted problem-summary" data-testid="problem-summary">{ counts.summary() }</p>
            if diags.is_empty() {
                <p class="muted">{ "No problems: a cluster would accept all of this." }</p>
            }
            <ul data-testid="problems">
                { for diags.iter().map(|d| {
                    let sev = d.severity.as_str();
                    let icon = match d.severity { Severity::Error => "✖", Severity::Warning => "▲", Severity::Info => "ℹ" };
                    let (line, column) = (d.span.start.line, d.span.start.column);
                    let onclick = {
                        let d = props.state.dispatcher();
                        Callback::from(move |_: MouseEvent| d.dispatch(Action::Reveal { line, column }))
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("problem", "problem-button", sev)} {onclick}
                                title={format!("Go to line {line}, column {column}")}
                                data-line={line.to_string()} data-column={column.to_string()}>
                                <span class="sev" aria-hidden="true">{ icon }</span>
                                <span class="sr-only">{ sev }{ " at " }</span>
                                <span class="pos">{ format!("{line}:{column}") }</span>
                                <span class="msg">
                                    { &d.message }
                                    if let Some(h) = &d.help { <span class="help">{ h }</span> }
                                </span>
                                <code class="code">{ d.code.as_str() }</code>
                            </button>
                            if let Some(url) = engine::present::teach::check_docs(d.code) {
                                <span class="problem-docs">{ docs_link(url, d.code.as_str()) }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
