//! The top bar: title, examples, what-ifs, share, download, open a file, theme.

use super::embed::CopyEmbedSnippet;
use super::examples_menu::ExamplesMenu;
use super::whatif_menu::WhatIfMenu;
use super::ShellProps;
use crate::persist;
use crate::state::{Action, Session, Theme};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the Share button has done so far.
#[derive(Clone, PartialEq)]
enum Share {
    Idle,
    Working,
    /// Copied to the clipboard (the link is also shown, selected, in case the person wants it).
    Copied(String),
    /// The clipboard refused: the link is shown, selected, to copy by hand.
    Manual(String),
    Failed(String),
}

/// Opens a file's text as the manifest (keeping the replaced text), or says why it cannot.
pub fn open_file(state: &UseReducerHandle<crate::state::State>, result: Result<(String, Rc<str>), (String, String)>) {
    match result {
        Ok((name, text)) => state.dispatch(Action::Open {
            session: Session { text, service: None, tab: None },
            notice: Some(format!("Opened {name}. The text it replaced is kept: Restore brings it back.")),
        }),
        Err((name, why)) => state.dispatch(Action::Notice(Some(format!("Could not open {name}: {why}.")))),
    }
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ShellProps) -> Html {
    let state = &props.state;
    let share = use_state(|| Share::Idle);
    let link_field = use_node_ref();
    let file_input = use_node_ref();

    // Select the shown link so Ctrl+C copies it (and screen readers read it).
    {
        let link_field = link_field.clone();
        use_effect_with((*share).clone(), move |s| {
            if matches!(s, Share::Manual(_) | Share::Copied(_)) {
                if let Some(i) = link_field.cast::<HtmlInputElement>() {
                    if matches!(s, Share::Manual(_)) {
                        let _ = i.focus();
                    }
                    i.select();
                }
            }
        });
    }

    let on_share = {
        let state = state.clone();
        let share = share.clone();
        Callback::from(move |_: MouseEvent| {
            share.set(Share::Working);
            let share = share.clone();
            persist::compress_session(&state.session(), move |r| match r {
                Ok(payload) => {
                    let link = format!("{}{}", persist::base_url(), persist::link_fragment(&payload));
                    if link.len() > persist::MAX_LINK_CHARS {
                        share.set(Share::Failed("This manifest is too large for a link; use Download instead.".into()));
                        return;
                    }
                    let l = link.clone();
                    let share2 = share.clone();
                    persist::copy_text(&link, move |ok| {
                        share2.set(if ok { Share::Copied(l) } else { Share::Manual(l) })
                    });
                }
                Err(e) => share.set(Share::Failed(format!("Could not make a link: {e}"))),
            });
        })
    };
    let on_download = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| persist::download("manifest.yaml", &state.text))
    };
    let on_open = {
        let file_input = file_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = file_input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let on_file = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let state = state.clone();
            persist::read_input_file(&input, move |r| open_file(&state, r));
        })
    };
    let close_share = {
        let share = share.clone();
        Callback::from(move |_: MouseEvent| share.set(Share::Idle))
    };

    let share_status = match &*share {
        Share::Idle => html! {},
        Share::Working => html! { <span class="status">{ "Making a link…" }</span> },
        Share::Copied(link) | Share::Manual(link) => {
            let copied = matches!(&*share, Share::Copied(_));
            html! {
                <div class="share-popover" role="group" aria-label="Share link">
                    <span class="status" data-testid="share-status">
                        { if copied { "Link copied" } else { "Copy this link (Ctrl+C):" } }
                    </span>
                    <input ref={link_field.clone()} class="share-link" type="text" readonly=true value={link.clone()}
                        aria-label="Share link" data-testid="share-link" />
                    <button type="button" class="icon-button" aria-label="Close the share link" onclick={close_share}>{ "×" }</button>
                </div>
            }
        }
        Share::Failed(why) => html! { <span class="status error" data-testid="share-status">{ why.clone() }</span> },
    };

    let theme = state.theme;
    html! {
        <header class="topbar">
            <div class="brand">
                <h1>{ "Service Playground" }</h1>
                <p class="tagline">{ "Write Kubernetes Services, Pods and workloads; see what a cluster would do with them." }</p>
            </div>
            <nav class="actions" aria-label="Playground">
                <ExamplesMenu state={state.clone()} />
                if !state.readonly() {
                    <WhatIfMenu state={state.clone()} />
                }
                <div class="share">
                    <button type="button" class="button" onclick={on_share} aria-describedby="share-help"
                        disabled={*share == Share::Working}>{ "Share" }</button>
                    <span id="share-help" class="sr-only">{ "Copies a link that opens this manifest, Service and view" }</span>
                    <span aria-live="polite">{ share_status }</span>
                </div>
                <CopyEmbedSnippet state={state.clone()} />
                <button type="button" class="button" onclick={on_download} title="Download the manifest as manifest.yaml">{ "Download" }</button>
                <button type="button" class="button" onclick={on_open} title="Open a YAML or JSON file (or drop one on the editor)">{ "Open file…" }</button>
                <input ref={file_input} type="file" class="sr-only" tabindex="-1" aria-hidden="true"
                    accept=".yaml,.yml,.json,.txt,application/yaml,application/x-yaml,application/json,text/yaml,text/plain"
                    onchange={on_file} />
                <fieldset class="theme" aria-label="Theme">
                    <legend class="sr-only">{ "Theme" }</legend>
                    { for Theme::ALL.into_iter().map(|t| {
                        let d = state.dispatcher();
                        let id = format!("theme-{}", t.label().to_lowercase());
                        html! {
                            <>
                                <input type="radio" name="theme" id={id.clone()} value={t.label()} checked={theme == t}
                                    onchange={Callback::from(move |_: Event| d.dispatch(Action::SetTheme(t)))} />
                                <label for={id}>{ t.label() }</label>
                            </>
                        }
                    }) }
                </fieldset>
            </nav>
        </header>
    }
}
