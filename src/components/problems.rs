use super::ViewProps;
use engine::Severity;
use yew::prelude::*;

/// Every diagnostic with its line:column.
#[function_component(Problems)]
pub fn problems(props: &ViewProps) -> Html {
    let diags = &props.state.analysis.diagnostics;
    html! {
        <section class="card problems" aria-label="Problems">
            <h2>{ "Problems " }<span class="count">{ diags.len() }</span></h2>
            if diags.is_empty() {
                <p class="muted">{ "No problems: a cluster would accept all of this." }</p>
            }
            <ul data-testid="problems">
                { for diags.iter().map(|d| {
                    let sev = d.severity.as_str();
                    let icon = match d.severity { Severity::Error => "✖", Severity::Warning => "▲", Severity::Info => "ℹ" };
                    html! {
                        <li class={classes!("problem", sev)}>
                            <span class="sev" aria-label={sev}>{ icon }</span>
                            <span class="pos">{ format!("{}:{}", d.span.start.line, d.span.start.column) }</span>
                            <span class="msg">
                                { &d.message }
                                if let Some(h) = &d.help { <span class="help">{ h }</span> }
                            </span>
                            <code class="code">{ d.code }</code>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
