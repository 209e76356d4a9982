//! The card a view shows while the manifest has no valid Service to show.

use yew::{classes, html, Html};

/// `title` heads the card (also its accessible name unless `label` differs); `why` says what the
/// view would show and why it cannot yet. `extra` adds a class to the card (e.g. `diagram`).
pub fn no_service(label: &str, title: &str, why: &str, extra: Option<&'static str>) -> Html {
    html! {
        <section class={classes!("card", "views", extra)} aria-label={label.to_string()}>
            <h2>{ title }</h2>
            <p class="muted">{ why }</p>
        </section>
    }
}
