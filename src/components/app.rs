use super::{
    cluster_panel::ClusterPanel,
    diagram::Diagram,
    dns_panel::DnsPanel,
    editor::Editor,
    embed::OpenInPlayground,
    endpoints_panel::EndpointsPanel,
    examples_menu,
    no_service::stale_banner,
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
/// How long an analysis runs before the views it will replace are dimmed.
const DIM_AFTER_MS: u32 = 400;

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
                saved.filter(|a| !params.embed && *a.text != *ex.text && examples_menu::matching(&a.text).is_none())
            {
                s.previous = Some(saved.text);
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
    if let Some((ns, name)) = params.service.clone() {
        state = Rc::new(state).reduce(Action::ShowService(ns, name)).as_ref().clone();
    }
    state.theme = params.theme.as_deref().map_or(saved_theme, Theme::from_id);
    if params.embed {
        state.embed = Some(Embed { readonly: params.readonly, figure: params.figure });
        if params.figure {
            state.tab = Tab::Diagram;
        }
    } else if state.previous.is_none() {
        state.previous = previous.filter(|p| *p != *state.text).map(Into::into);
    }
    state.notice = notice;
    state
}

/// One thing a link opened in the open page asks for (`hashchange`), in the order to apply them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkStep {
    /// Another layout (embedded or not, read-only, figure): the page starts again with the link.
    Reload,
    /// A share link's content (`s=`; decompressed asynchronously).
    Shared(String),
    /// An example of the gallery, by id.
    Example(&'static str),
    UnknownExample(String),
    View(Tab),
    Service(String, String),
    Theme(Theme),
}

/// What `link` asks of a page that was started with `shown`: the same things the page applies
/// when it starts with that link, so a link works the same clicked in the page or opened anew.
pub fn link_steps(shown: &UrlParams, link: &UrlParams) -> Vec<LinkStep> {
    if shown.layout_differs(link) {
        return vec![LinkStep::Reload];
    }
    let mut steps = Vec::new();
    if let Some(payload) = &link.shared {
        steps.push(LinkStep::Shared(payload.clone()));
    } else if let Some(id) = &link.example {
        steps.push(match examples_menu::by_id(id) {
            Some(ex) => LinkStep::Example(ex.id),
            None => LinkStep::UnknownExample(id.clone()),
        });
    }
    let figure = shown.embed && shown.figure;
    if let Some(tab) = link.view.as_deref().and_then(Tab::from_id).filter(|_| link.shared.is_none() && !figure) {
        steps.push(LinkStep::View(tab));
    }
    if let Some((ns, name)) = link.service.clone().filter(|_| link.shared.is_none()) {
        steps.push(LinkStep::Service(ns, name));
    }
    if let Some(t) = &link.theme {
        steps.push(LinkStep::Theme(Theme::from_id(t)));
    }
    steps
}

/// Applies a link opened in the open page (the `#example=`, `#view=`, `#s=`… of a `hashchange`).
fn apply_link(state: &UseReducerHandle<State>, current: &Rc<RefCell<Rc<str>>>, shown: &UrlParams) {
    let (search, hash) = persist::location();
    let link = UrlParams::parse(&search, &hash);
    let embed = state.embed.is_some();
    for step in link_steps(shown, &link) {
        match step {
            LinkStep::Reload => persist::reload(),
            LinkStep::Shared(payload) => {
                open_shared(state.clone(), current.clone(), payload, true);
                if !embed {
                    persist::clear_fragment();
                }
            }
            LinkStep::Example(id) => {
                let Some(ex) = examples_menu::by_id(id) else { continue };
                let text = current.borrow().clone();
                let replaced_mine =
                    !text.trim().is_empty() && *text != *ex.text && examples_menu::matching(&text).is_none();
                let notice = (replaced_mine && !embed).then(|| {
                    format!("Opened the example “{}”. The text you had is kept: Restore brings it back.", ex.title)
                });
                state.dispatch(Action::Open {
                    session: Session { text: ex.text.into(), service: None, tab: None },
                    notice,
                });
            }
            LinkStep::UnknownExample(id) => state
                .dispatch(Action::Notice(Some(format!("There is no example called “{id}”; the page is unchanged.")))),
            LinkStep::View(tab) => state.dispatch(Action::SelectTab(tab)),
            LinkStep::Service(ns, name) => state.dispatch(Action::ShowService(ns, name)),
            LinkStep::Theme(t) => state.dispatch(Action::SetTheme(t)),
        }
    }
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

/// Whether `text` is `before` with at most a few characters changed in one place (a keystroke or
/// a short paste), not a new text: a common prefix and suffix leave at most 256 bytes.
pub fn small_edit(before: &str, text: &str) -> bool {
    const SMALL_EDIT: usize = 256;
    let (a, b) = (before.as_bytes(), text.as_bytes());
    if a.is_empty() || a.len().abs_diff(b.len()) > SMALL_EDIT {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    a.len() - prefix - suffix <= SMALL_EDIT && b.len() - prefix - suffix <= SMALL_EDIT
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
    // The state shown before this render is freed after the frame that shows this one: when an
    // analysis replaces another, its objects, routes and diagnostics go then, not in this frame.
    {
        let last = use_mut_ref(|| None::<State>);
        let old = last.borrow_mut().replace((*state).clone());
        if let Some(old) = old {
            crate::later::drop_after_paint(old);
        }
    }
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
                let d = state.dispatcher();
                persist::on_host_theme(move |t| d.dispatch(Action::SetTheme(Theme::from_id(&t))));
            } else {
                let pending = pending.clone();
                persist::on_hide(move || {
                    if let Some(s) = pending.borrow_mut().take() {
                        let _ = persist::save_autosave(&s);
                    }
                });
            }
            // A link opened in this tab (`#example=`, `#view=`, `#s=`, `#embed`…) applies at once,
            // as it would in a new tab.
            let shown = boot.0.clone();
            persist::on_hash_change(move || apply_link(&state, &current, &shown));
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
            // The person changed something: from now on a reload shows their work (the autosave),
            // not the example or link in the address bar again.
            persist::drop_link_keys();
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

    let busy = state.pending();
    // A few characters typed into a large text: no progress bar for each key (it would come and
    // go, moving the views down and up, on every key of a 1,000-pod manifest). The results are
    // marked busy at once, and dimmed only if the analysis takes a while (static/toolbar.css).
    let typing = {
        let key = (Rc::as_ptr(&state.text) as *const u8 as usize, Rc::as_ptr(&state.analysed) as *const u8 as usize);
        let (text, analysed) = (state.text.clone(), state.analysed.clone());
        *use_memo(key, move |_| busy && small_edit(&analysed, &text))
    };
    // A large text is analysed in slices between frames; meanwhile the views keep the last
    // analysis, marked busy (dimmed if it takes a while), under a progress bar unless a few
    // characters were typed. A newer text stops the older analysis.
    let progress = use_state_eq(|| None::<u8>);
    {
        let running = use_mut_ref(|| None::<runner::Running>);
        let key = Rc::as_ptr(&state.text) as *const u8 as usize;
        let (text, pending, d, progress) = (state.text.clone(), state.pending(), state.dispatcher(), progress.clone());
        let cache = state.cache.clone();
        use_effect_with(key, move |_| {
            *running.borrow_mut() = None;
            if pending {
                // No bar while typing (see `typing`): no render per slice for it either.
                if !typing {
                    progress.set(Some(0));
                }
                let (shown, done) = (progress.clone(), progress);
                let job = runner::start(
                    text,
                    cache,
                    move |f| {
                        if !typing {
                            shown.set(Some((f * 20.0) as u8 * 5))
                        }
                    },
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
    // Dimmed only when the analysis takes a while: no style change at all for a short one (on a
    // 1,000-pod manifest, restyling the views twice per key cost more than showing them).
    let slow = use_state_eq(|| false);
    {
        let slow = slow.clone();
        let timer = use_mut_ref(|| None::<Timeout>);
        use_effect_with(busy, move |&busy| {
            *timer.borrow_mut() = busy.then(|| {
                let slow = slow.clone();
                Timeout::new(DIM_AFTER_MS, move || slow.set(true))
            });
            if !busy {
                slow.set(false);
            }
        });
    }
    let dim_busy = busy && *slow;
    let status = (busy && !typing).then(|| {
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
        Callback::from(move |text: Rc<str>| state.dispatch(Action::Edit(text)))
    };
    let tab = state.tab;
    // Errors and warnings only: an info note (the default nodes) is not a problem.
    let errors = engine::present::problems::counts(&state.analysis).problems();
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
    // An error lost the shown Service: the views keep the last analysis, dimmed, under a banner
    // naming the error (not on the Problems tab, which lists the current errors).
    let dim = state.stale.is_some() && tab != Tab::Problems;
    let banner = if dim {
        stale_banner(&state)
    } else {
        html! {}
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
        Tab::Cluster => html! { <ClusterPanel state={state.clone()} seen={seen.clone()} /> },
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

    if state.figure() {
        // A figure for documentation: the diagram alone (the Service shown, its traffic).
        return html! {
            <div class="app embed figure" ref={root} data-view="traffic">
                { for notice }
                <main class={classes!("figure-view", busy.then_some("stale"))} aria-busy={busy.to_string()}>
                    { for status }
                    <div id="view" role="region" aria-label="Traffic">{ view }</div>
                </main>
                <footer class="embed-footer">
                    <span class="muted">{ "Service Playground" }</span>
                    <OpenInPlayground state={state.clone()} />
                </footer>
            </div>
        };
    }
    if embed {
        return html! {
            <div class="app embed" ref={root} data-view={tab.id()}>
                { for notice }
                <main class="layout">
                    { editor }
                    <section class={classes!("pane", "results-pane", dim.then_some("stale"), dim_busy.then_some("busy"))} aria-label="Results" aria-busy={busy.to_string()}>
                        { for status }
                        { banner.clone() }
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
                <section class={classes!("pane", "results-pane", dim.then_some("stale"), dim_busy.then_some("busy"))} aria-label="Results" aria-busy={busy.to_string()}>
                    { for status }
                    { banner.clone() }
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
        assert_eq!(s.embed, Some(Embed { readonly: true, figure: false }));
        assert!(s.readonly());
        assert_eq!((s.tab, s.theme), (Tab::Endpoints, Theme::Light));
        assert!(s.text.contains("nodePort: 30007") && s.previous.is_none());
        // An embed never shows the visitor's autosave.
        let s = initial_state(&params("#embed"), Some(saved), None, Theme::System);
        assert_eq!(&*s.text, crate::state::DEFAULT_EXAMPLE);
        assert!(!s.readonly());
    }

    #[test]
    fn a_link_opened_in_the_page_asks_for_what_it_would_open_anew() {
        let shown = params("");
        assert_eq!(
            link_steps(&shown, &params("#example=nodeport&view=endpoints&service=default/my-service")),
            [
                LinkStep::Example("nodeport"),
                LinkStep::View(Tab::Endpoints),
                LinkStep::Service("default".into(), "my-service".into())
            ]
        );
        assert_eq!(
            link_steps(&shown, &params("#view=dns&theme=dark")),
            [LinkStep::View(Tab::Dns), LinkStep::Theme(Theme::Dark)]
        );
        assert_eq!(link_steps(&shown, &params("#example=nope")), [LinkStep::UnknownExample("nope".into())]);
        // A share link carries its own view and Service.
        assert_eq!(link_steps(&shown, &params("#s=abc&view=dns&example=nodeport")), [LinkStep::Shared("abc".into())]);
        assert_eq!(link_steps(&shown, &params("")), []);
        // Another layout starts the page again.
        assert_eq!(link_steps(&shown, &params("#embed&example=nodeport")), [LinkStep::Reload]);
        assert_eq!(link_steps(&params("#embed"), &params("")), [LinkStep::Reload]);
        assert_eq!(link_steps(&params("#embed"), &params("#embed&readonly")), [LinkStep::Reload]);
        // A figure shows the diagram, whatever the view asked.
        assert_eq!(link_steps(&params("#embed&figure"), &params("#embed&figure&view=dns")), []);
    }

    #[test]
    fn embed_service_and_figure() {
        let s = initial_state(
            &params("#embed&example=loadbalancer&service=default/web-local&figure&view=dns"),
            None,
            None,
            Theme::System,
        );
        assert_eq!(s.service().unwrap().name, "web-local");
        assert!(s.figure() && s.readonly());
        assert_eq!(s.tab, Tab::Diagram, "a figure is the diagram");
    }

    #[test]
    fn a_keystroke_is_a_small_edit_and_a_new_text_is_not() {
        let text = "a: 1\n".repeat(1000);
        assert!(small_edit(&text, &text.replacen("a: 1", "a: 12", 1)));
        assert!(small_edit(&text, &format!("{text}# typed\n")));
        assert!(small_edit(&text, &text[1..]));
        assert!(!small_edit(&text, &text.replace("a: 1", "b: 2")), "changed all over");
        assert!(!small_edit(&text, "kind: Pod\n"), "replaced");
        assert!(!small_edit("", &text), "nothing analysed yet");
    }

    #[test]
    fn an_unknown_example_says_so() {
        let s = initial_state(&params("#example=nope&view=nope"), None, None, Theme::System);
        assert_eq!(&*s.text, crate::state::DEFAULT_EXAMPLE);
        assert_eq!(s.tab, Tab::Diagram);
        assert!(s.notice.as_deref().unwrap().contains("no example called “nope”"));
    }
}
