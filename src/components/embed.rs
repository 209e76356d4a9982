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

/// What the "Embed" button has done.
#[derive(Clone, PartialEq)]
enum Copied {
    Idle,
    /// The snippet, and whether the clipboard took it (else it is shown selected to copy by hand).
    Shown(String, bool),
}

/// "Embed": copies a snippet for a docs page (the embed kit's `<script>` and this manifest as a
/// marked Markdown code block, [`persist::embed_snippet`]) and shows it.
#[function_component(CopyEmbedSnippet)]
pub fn copy_embed_snippet(props: &ShellProps) -> Html {
    let copied = use_state(|| Copied::Idle);
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with((*copied).clone(), move |c| {
            if let (Copied::Shown(_, ok), Some(t)) = (c, field.cast::<web_sys::HtmlTextAreaElement>()) {
                if !ok {
                    let _ = t.focus();
                }
                t.select();
            }
        });
    }
    let on_click = {
        let (state, copied) = (props.state.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let snippet = persist::embed_snippet(&persist::base_url(), &state.session());
            let (s, copied) = (snippet.clone(), copied.clone());
            persist::copy_text(&snippet, move |ok| copied.set(Copied::Shown(s, ok)));
        })
    };
    let close = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| copied.set(Copied::Idle))
    };
    let popover = match &*copied {
        Copied::Idle => html! {},
        Copied::Shown(snippet, ok) => html! {
            <div class="share-popover embed-popover" role="group" aria-label="Embed snippet">
                <div class="embed-popover-head">
                    <span class="status" data-testid="embed-status">
                        { if *ok { "Embed snippet copied: paste it into a Markdown page" } else { "Copy this snippet (Ctrl+C):" } }
                    </span>
                    <button type="button" class="icon-button" aria-label="Close the embed snippet" onclick={close}>{ "×" }</button>
                </div>
                <textarea ref={field} class="share-link embed-snippet" readonly=true rows="8" aria-label="Embed snippet"
                    data-testid="embed-snippet" value={snippet.clone()} />
            </div>
        },
    };
    html! {
        <div class="share">
            <button type="button" class="button" onclick={on_click} aria-describedby="embed-help" data-testid="copy-embed">{ "Embed" }</button>
            <span id="embed-help" class="sr-only">{ "Copies a snippet that embeds this manifest, live, in a documentation page" }</span>
            <span aria-live="polite">{ popover }</span>
        </div>
    }
}
