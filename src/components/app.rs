use super::{
    diagram::Diagram,
    dns_panel::DnsPanel,
    editor::Editor,
    embed::OpenInPlayground,
    endpoints_panel::EndpointsPanel,
    examples_menu,
    problems::Problems,
    routes_panel::RoutesPanel,
    service_view::ServiceViewPanel,
    stored_panel::StoredPanel,
    toolbar::{open_file, Toolbar},
    undo_notice::undo_notice,
};
use crate::persist::{self, UrlParams};
use crate::runner;
use crate::state::{Action, Embed, Session, State, Tab, Theme};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// How long after the last change the session is autosaved.
const AUTOSAVE_MS: u32 = 400;

/// The state the page starts with, from the URL, the autosave and the remembered theme (a share
/// link in the URL is read afterwards: it needs the browser's asynchronous decompression).
/// Returns a notice for the person too (e.g. an unknown example).
pub fn initial_state(
    params: &UrlParams,
    autosave: Option<Session>,
    previous: Option<String>,
    saved_theme: Theme,
) -> State {
    let example = params.example.as_deref().map(|id| (id, examples_menu::by_id(id)));
    let mut notice = None;
    let mut state = match (params.embed, example, autosave) {
        (_, Some((_, Some(ex))), saved) => {
            let mut s = State::new(ex.text);
            // Opening an example link must not cost the person their autosaved work.
            if let Some(saved) =
                saved.filter(|a| !params.embed && a.text != ex.text && examples_menu::matching(&a.text).is_none())
            {
                s.previous = Some(saved.text.into());
            }
            s
        }
        (embed, Some((id, None)), saved) => {
            notice = Some(format!(
                "There is no example called “{id}”; showing {}.",
                if embed || saved.is_none() { "the default one" } else { "your last session" }
            ));
            match saved.filter(|_| !embed) {
                Some(a) => State::from_session(&a),
                None => State::default(),
            }
        }
        (false, None, Some(saved)) => State::from_session(&saved),
        _ => State::default(),
    };
    if let Some(tab) = params.view.as_deref().and_then(Tab::from_id) {
        state.tab = tab;
    }
    state.theme = params.theme.as_deref().map_or(saved_theme, Theme::from_id);
    if params.embed {
        state.embed = Some(Embed { readonly: params.readonly });
    } else if state.previous.is_none() {
        state.previous = previous.filter(|p| *p != *state.text).map(Into::into);
    }
    state.notice = notice;
    state
}

/// Opens the share link's payload (`#s=`), or says it is damaged; the text shown stays what it
/// was (the autosave, or the default example) when it cannot be read.
/// `current` is the text shown now (the handle's own copy is the state of the render that made it).
fn open_shared(state: UseReducerHandle<State>, current: Rc<RefCell<Rc<str>>>, payload: String, had_autosave: bool) {
    let fallback = if state.embed.is_none() && had_autosave { "your last session" } else { "the default example" };
    persist::decompress_session(&payload, move |r| {
        match r {
        Ok(session) => {
            let text = current.borrow().clone();
            let replaced_mine = !text.trim().is_empty() && *text != *session.text && examples_menu::matching(&text).is_none();
            let notice = (replaced_mine && state.embed.is_none())
                .then(|| "Opened a shared link. The text you had is kept: Restore brings it back.".to_string());
            state.dispatch(Action::Open { session, notice });
        }
        Err(why) => state.dispatch(Action::Notice(Some(format!(
            "This link is damaged or incomplete, so it could not be opened; showing {fallback} instead. (The browser said: {why})"
        )))),
    }
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let boot = use_memo((), |_| {
        let (search, hash) = persist::location();
        let params = UrlParams::parse(&search, &hash);
        let autosave = if params.embed { None } else { persist::load_autosave() };
        let previous = if params.embed { None } else { persist::load_previous() };
        let theme = persist::load_theme();
        (params, autosave, theme, previous)
    });
    let state = {
        let boot = boot.clone();
        use_reducer(move || initial_state(&boot.0, boot.1.clone(), boot.3.clone(), boot.2))
    };
    let embed = state.embed.is_some();
    let root = use_node_ref();
    let editor_pane = use_node_ref();
    let dragging = use_state(|| false);

    // Once: the share link, drops, height reports, saving on hide, later links in the same tab.
    let pending: Rc<RefCell<Option<Session>>> = use_mut_ref(|| None);
    let current: Rc<RefCell<Rc<str>>> = use_mut_ref(|| state.text.clone());
    *current.borrow_mut() = state.text.clone();
    {
        let (state, boot, root, editor_pane, dragging, pending, current) = (
            state.clone(),
            boot.clone(),
            root.clone(),
            editor_pane.clone(),
            dragging.clone(),
            pending.clone(),
            current.clone(),
        );
        use_effect_with((), move |_| {
            if let Some(payload) = boot.0.shared.clone() {
                open_shared(state.clone(), current.clone(), payload, boot.1.is_some());
                if !boot.0.embed {
                    persist::clear_fragment();
                }
            }
            if let Some(el) = editor_pane.cast::<Element>().filter(|_| !state.readonly()) {
                let s = state.clone();
                let d = dragging.clone();
                persist::install_drop(&el, move |r| open_file(&s, r), move |over| d.set(over));
            }
            persist::close_menus_outside();
            if boot.0.embed {
                if let Some(el) = root.cast::<Element>() {
                    persist::watch_height(&el);
                }
            } else {
                let pending = pending.clone();
                persist::on_hide(move || {
                    if let Some(s) = pending.borrow_mut().take() {
                        let _ = persist::save_autosave(&s);
                    }
                });
                let state = state.clone();
                persist::on_hash_change(move || {
                    let (search, hash) = persist::location();
                    if let Some(payload) = UrlParams::parse(&search, &hash).shared {
                        open_shared(state.clone(), current.clone(), payload, true);
                        persist::clear_fragment();
                    }
                });
            }
        });
    }

    // The theme: applied at once, remembered (not for an embedded page, which follows its URL).
    {
        let theme = state.theme;
        use_effect_with(theme, move |t| {
            persist::apply_theme(*t);
            if !embed {
                persist::save_theme(*t);
            }
        });
    }

    // The replaced text is kept across reloads too (Restore in the Examples menu).
    {
        let previous = state.previous.clone();
        let key = previous.as_ref().map(|p| p.as_ptr() as usize);
        use_effect_with(key, move |_| {
            if !embed {
                persist::save_previous(previous.as_deref());
            }
        });
    }

    // Autosave, a moment after the last change (never for the embedded page, never the state the
    // page opened with: that is the autosave already, or an example/link that must not replace it).
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let first = use_mut_ref(|| true);
        let warned = use_mut_ref(|| false);
        let key = (Rc::as_ptr(&state.text) as *const u8 as usize, state.selected_service, state.tab);
        let (state, pending) = (state.clone(), pending.clone());
        use_effect_with(key, move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) || embed {
                return;
            }
            *pending.borrow_mut() = Some(state.session());
            let d = state.dispatcher();
            *timer.borrow_mut() = Some(Timeout::new(AUTOSAVE_MS, move || {
                let Some(s) = pending.borrow_mut().take() else { return };
                if let Err(why) = persist::save_autosave(&s) {
                    if !std::mem::replace(&mut *warned.borrow_mut(), true) {
                        d.dispatch(Action::Notice(Some(format!(
                            "Your work is not autosaved: {why}. Download it to keep a copy."
                        ))));
                    }
                }
            }));
        });
    }

    // A large text is analysed in slices between frames; meanwhile the views keep the last
    // analysis, dimmed, under a progress bar. A newer text stops the older analysis.
    let progress = use_state_eq(|| None::<u8>);
    {
        let running = use_mut_ref(|| None::<runner::Running>);
        let key = Rc::as_ptr(&state.text) as *const u8 as usize;
        let (text, pending, d, progress) = (state.text.clone(), state.pending(), state.dispatcher(), progress.clone());
        use_effect_with(key, move |_| {
            *running.borrow_mut() = None;
            if pending {
                progress.set(Some(0));
                let (shown, done) = (progress.clone(), progress);
                let job = runner::start(
                    text,
                    move |f| shown.set(Some((f * 20.0) as u8 * 5)),
                    move |text, analysis| {
                        done.set(None);
                        d.dispatch(Action::Analysed { text, analysis: Rc::new(analysis) });
                    },
                );
                *running.borrow_mut() = Some(job);
            } else {
                progress.set(None);
            }
        });
    }
    let busy = state.pending();
    let status = busy.then(|| {
        let pct = progress.unwrap_or(0);
        html! {
            <div class="analysing" role="status" data-testid="analysing">
                <span>{ format!("Analysing… {pct}%") }</span>
                <progress max="100" value={pct.to_string()} aria-label="Analysis progress" />
            </div>
        }
    });

    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let tab = state.tab;
    let errors = state.analysis.diagnostics.len();
    let tabs = html! {
        <div class="tabs" role="tablist" aria-label="Views">
            { for Tab::ALL.into_iter().map(|t| {
                let d = state.dispatcher();
                let selected = t == tab;
                html! {
                    <button role="tab" id={format!("tab-{}", t.id())} aria-selected={selected.to_string()}
                        aria-controls="view" class={classes!("tab", selected.then_some("active"))}
                        onclick={Callback::from(move |_| d.dispatch(Action::SelectTab(t)))}>
                        { t.label() }
                        if t == Tab::Problems && errors > 0 { <span class="count">{ errors }</span> }
                    </button>
                }
            }) }
        </div>
    };
    let seen = Rc::new((*state).clone());
    // Nothing analysed yet (a large text just opened): say what is coming, not "no Service".
    let first_wait = busy && state.analysis.objects.is_empty() && state.analysis.diagnostics.is_empty();
    let view = match tab {
        _ if first_wait => {
            html! { <p class="muted waiting">{ "The Services, pods and traffic of this manifest show here once its analysis is done." }</p> }
        }
        Tab::Diagram => html! { <Diagram state={state.clone()} seen={seen.clone()} /> },
        Tab::Endpoints => html! { <EndpointsPanel state={state.clone()} seen={seen.clone()} /> },
        Tab::Dns => html! { <DnsPanel state={state.clone()} seen={seen.clone()} /> },
        Tab::Routes => html! { <RoutesPanel state={state.clone()} seen={seen.clone()} /> },
        Tab::Stored => html! { <StoredPanel state={state.clone()} seen={seen.clone()} /> },
        Tab::Problems => html! { <Problems state={state.clone()} seen={seen.clone()} /> },
    };
    let notice = state.notice.as_ref().map(|n| {
        let d = state.dispatcher();
        let restore = state.previous.is_some().then(|| {
            let d = state.dispatcher();
            html! { <button type="button" class="button" onclick={Callback::from(move |_| d.dispatch(Action::RestorePrevious))}>{ "Restore" }</button> }
        });
        html! {
            <div class="notice" role="status" data-testid="notice">
                <span>{ n }</span>
                <span class="notice-actions">
                    { for restore }
                    <button type="button" class="link" onclick={Callback::from(move |_| d.dispatch(Action::Notice(None)))}>{ "Dismiss" }</button>
                </span>
            </div>
        }
    });
    let editor = html! {
        <section ref={editor_pane} class={classes!("pane", "editor-pane", dragging.then_some("dragging"))} aria-label="Editor">
            if state.readonly() {
                <pre class="editor readonly-text" aria-label="Manifest YAML" aria-readonly="true" tabindex="0">{ &*state.text }</pre>
            } else {
                    <Editor text={state.text.clone()} on_edit={on_edit} diagnostics={state.analysis.clone()} analysed={state.analysed.clone()} reveal={state.reveal} />
            }
            if *dragging { <div class="drop-hint" aria-hidden="true">{ "Drop a YAML or JSON file to open it" }</div> }
        </section>
    };

    if embed {
        return html! {
            <div class="app embed" ref={root} data-view={tab.id()}>
                { for notice }
                <main class="layout">
                    { editor }
                    <section class={classes!("pane", "results-pane", busy.then_some("stale"))} aria-label="Results" aria-busy={busy.to_string()}>
                        { for status }
                        <div id="view" role="region" aria-label={tab.label()}>{ view }</div>
                    </section>
                </main>
                <footer class="embed-footer">
                    <span class="muted">{ "Service Playground" }</span>
                    <OpenInPlayground state={state.clone()} />
                </footer>
            </div>
        };
    }
    html! {
        <div class="app" ref={root}>
            <Toolbar state={state.clone()} />
            { for notice }
            { undo_notice(&state) }
            <main class="layout">
                { editor }
                <section class={classes!("pane", "results-pane", busy.then_some("stale"))} aria-label="Results" aria-busy={busy.to_string()}>
                    { for status }
                    if !first_wait { <ServiceViewPanel state={state.clone()} seen={seen.clone()} /> }
                    { tabs }
                    <div id="view" role="tabpanel" aria-labelledby={format!("tab-{}", tab.id())}>{ view }</div>
                </section>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(hash: &str) -> UrlParams {
        UrlParams::parse("", hash)
    }

    #[test]
    fn the_autosave_is_restored_and_an_example_link_keeps_it_as_previous() {
        let saved = Session { text: "kind: Pod\n".into(), service: None, tab: Some(Tab::Dns) };
        let s = initial_state(&params(""), Some(saved.clone()), Some("old".into()), Theme::Dark);
        assert_eq!(s.previous.as_deref(), Some("old"));
        assert_eq!(&*s.text, "kind: Pod\n");
        assert_eq!((s.tab, s.theme), (Tab::Dns, Theme::Dark));
        let s = initial_state(&params("#example=nodeport"), Some(saved), Some("old".into()), Theme::System);
        assert!(s.text.contains("nodePort: 30007"));
        assert_eq!(s.previous.as_deref(), Some("kind: Pod\n"));
        assert!(s.embed.is_none() && s.notice.is_none());
    }

    #[test]
    fn embed_options() {
        let saved = Session { text: "mine".into(), ..Default::default() };
        let s = initial_state(
            &params("#embed&example=nodeport&view=endpoints&readonly&theme=light"),
            Some(saved.clone()),
            None,
            Theme::Dark,
        );
        assert_eq!(s.embed, Some(Embed { readonly: true }));
        assert!(s.readonly());
        assert_eq!((s.tab, s.theme), (Tab::Endpoints, Theme::Light));
        assert!(s.text.contains("nodePort: 30007") && s.previous.is_none());
        // An embed never shows the visitor's autosave.
        let s = initial_state(&params("#embed"), Some(saved), None, Theme::System);
        assert_eq!(&*s.text, crate::state::DEFAULT_EXAMPLE);
        assert!(!s.readonly());
    }

    #[test]
    fn an_unknown_example_says_so() {
        let s = initial_state(&params("#example=nope&view=nope"), None, None, Theme::System);
        assert_eq!(&*s.text, crate::state::DEFAULT_EXAMPLE);
        assert_eq!(s.tab, Tab::Diagram);
        assert!(s.notice.as_deref().unwrap().contains("no example called “nope”"));
    }
}
