//! The card a view shows while the manifest has no valid Service to show, and the banner over a
//! view that keeps the last analysis while an error in the text has lost its Service.

use crate::state::{Action, State};
use engine::present::problems::{first_error, no_service as why_none, ErrorNote, NoService};
use yew::{classes, html, Callback, Html, MouseEvent, UseReducerHandle};

/// A link-styled button that puts the editor's cursor on the error.
pub fn jump(state: &UseReducerHandle<State>, e: &ErrorNote) -> Html {
    let (line, column) = (e.line, e.column);
    let d = state.dispatcher();
    let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Reveal { line, column }));
    html! {
        <button type="button" class="link error-at" data-testid="error-jump" data-line={line.to_string()}
            data-column={column.to_string()} title={format!("Go to line {line}, column {column}")} {onclick}>
            { e.at() }
        </button>
    }
}

/// `title` heads the card (also its accessible name unless `label` differs); `why` says what the
/// view would show and why it cannot yet, when no Service is written. When the text has an error,
/// the card names it (where, what) instead: that, not "write a Service", is what to do.
pub fn no_service(
    state: &UseReducerHandle<State>,
    label: &str,
    title: &str,
    why: &str,
    extra: Option<&'static str>,
) -> Html {
    let body = match why_none(&state.analysis) {
        NoService::NoneWritten => html! { <p class="muted">{ why }</p> },
        NoService::Error(e) => html! {
            <div class="error-card" data-testid="error-card">
                <p>
                    { "No Service to show: the manifest has an error at " }{ jump(state, &e) }{ ": " }
                    <span class="error-msg">{ &e.message }</span>{ e.more_text() }
                </p>
                if let Some(h) = &e.help { <p class="muted">{ h }</p> }
            </div>
        },
    };
    html! {
        <section class={classes!("card", "views", extra)} aria-label={label.to_string()}>
            <h2>{ title }</h2>
            { body }
        </section>
    }
}

/// Over the views while they show the last analysis ([`State::stale`]): the error that lost the
/// Service, where it is, and that what is shown is out of date.
pub fn stale_banner(state: &UseReducerHandle<State>) -> Html {
    if state.stale.is_none() {
        return html! {};
    }
    let Some(e) = first_error(&state.analysis) else { return html! {} };
    let name = state.service().map(|v| format!("{}/{}", v.namespace, v.name)).unwrap_or_default();
    html! {
        <div class="error-banner" role="status" data-testid="stale-banner">
            <p>
                <strong>{ "Error at " }</strong>{ jump(state, &e) }{ ": " }
                <span class="error-msg">{ &e.message }</span>{ e.more_text() }
            </p>
            <p class="muted">{ format!("Showing the last analysis of {name}, from before this error. Fix it to see the current one.") }</p>
        </div>
    }
}
