//! Embed mode: `index.html#embed&example=nodeport&view=traffic&readonly` (or `?embed...`) shows
//! the editor and one view, without the page's chrome, for an `<iframe>` in documentation.
//!
//! Options: `example=<id>` (see [`super::examples_menu::EXAMPLES`]), `view=<tab id>`
//! ([`crate::state::Tab::id`]), `readonly`, `theme=light|dark`, and `s=<payload>` (a share link's
//! content). The page reports its height to the host with
//! `postMessage({type: 'service-playground:height', height}, '*')` on load and whenever it
//! changes, so the host can size the iframe (README: "Embedding").
//!
//! The "Open in playground" link carries the current state (a share link) into the full page.

use super::ShellProps;
use crate::persist;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// "Open in playground ↗": the full playground with this exact state. The link is rebuilt (it
/// needs the browser's compression, which is asynchronous) a moment after each change.
#[function_component(OpenInPlayground)]
pub fn open_in_playground(props: &ShellProps) -> Html {
    let href = use_state(persist::base_url);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let href = href.clone();
        let session = props.state.session();
        let key = (
            std::rc::Rc::as_ptr(&props.state.text) as *const u8 as usize,
            props.state.selected_service,
            props.state.tab,
        );
        use_effect_with(key, move |_| {
            let t = Timeout::new(150, move || {
                persist::compress_session(&session, move |r| {
                    if let Ok(p) = r {
                        let link = format!("{}{}", persist::base_url(), persist::link_fragment(&p));
                        if link.len() <= persist::MAX_LINK_CHARS {
                            href.set(link);
                        }
                    }
                });
            });
            *timer.borrow_mut() = Some(t);
        });
    }
    html! {
        <a class="open-full" href={(*href).clone()} target="_blank" rel="noopener" data-testid="open-in-playground">
            { "Open in playground" }<span aria-hidden="true">{ " ↗" }</span>
            <span class="sr-only">{ " (opens in a new tab)" }</span>
        </a>
    }
}
