//! All UI state in one reducer. The manifest text is the single source of truth: every view is
//! derived from the engine's analysis of it, and every what-if is an edit of it (so undo works
//! across them). Testable natively (no browser).

use engine::edit::{set_cluster_setting, ClusterSettingEdit};
use engine::{analyze, analyze_with_cache, Analysis, ReadCache, Source};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// The embedded default example (the docs' `my-service`).
pub const DEFAULT_EXAMPLE: &str = include_str!("../examples/01-my-service.yaml");

/// The views beside the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Diagram,
    Endpoints,
    Dns,
    Routes,
    Stored,
    Cluster,
    Problems,
}

impl Tab {
    pub const ALL: [Tab; 7] =
        [Tab::Diagram, Tab::Endpoints, Tab::Dns, Tab::Routes, Tab::Stored, Tab::Cluster, Tab::Problems];
    pub fn label(self) -> &'static str {
        match self {
            Tab::Diagram => "Traffic",
            Tab::Endpoints => "Endpoints",
            Tab::Dns => "DNS",
            Tab::Routes => "Routing",
            Tab::Stored => "Stored object",
            Tab::Cluster => "Cluster",
            Tab::Problems => "Problems",
        }
    }
    /// A stable id for URLs (share links, embed options).
    pub fn id(self) -> &'static str {
        match self {
            Tab::Diagram => "traffic",
            Tab::Endpoints => "endpoints",
            Tab::Dns => "dns",
            Tab::Routes => "routing",
            Tab::Stored => "stored",
            Tab::Cluster => "cluster",
            Tab::Problems => "problems",
        }
    }
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
    /// The value of `document.documentElement.dataset.theme` (None: the attribute is removed) and
    /// of the remembered setting.
    pub fn id(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
    pub fn from_id(id: &str) -> Theme {
        match id {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        }
    }
}

/// What a share link, the autosave and an example carry: the text, and optionally the Service
/// shown (namespace, name) and the view. The text is shared with the state, not copied: a
/// session of a large text is taken after every change (for the autosave).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    pub text: Rc<str>,
    pub service: Option<(String, String)>,
    pub tab: Option<Tab>,
}

/// How the page was opened with `#embed` (or `?embed`): a compact layout for an iframe.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// No editing: the text is shown, not editable, and no what-if is offered.
    pub readonly: bool,
    /// The diagram alone, for a figure in documentation: no editor, no tabs (implies `readonly`).
    pub figure: bool,
}

/// Texts up to this size (bytes) are analysed at once, inside the reducer (a few milliseconds).
/// Larger ones are analysed in short slices between frames ([`crate::runner`]) so typing and
/// scrolling never wait for the engine; until then the views show the last analysis, marked
/// as out of date.
pub const SYNC_LIMIT: usize = 64 * 1024;

#[derive(Clone, Debug)]
pub struct State {
    pub text: Rc<str>,
    /// The analysis of `analysed` (the same as `text` unless an analysis is under way).
    pub analysis: Rc<Analysis>,
    /// The text `analysis` is of.
    pub analysed: Rc<str>,
    /// The Service to show once the pending analysis arrives (namespace, name).
    pub want_service: Option<(String, String)>,
    /// Index into `analysis.services` of the Service shown in detail.
    pub selected_service: usize,
    pub tab: Tab,
    pub theme: Theme,
    /// A message for the person (e.g. a broken share link), shown until dismissed.
    pub notice: Option<String>,
    /// Where the editor should put its cursor (a clicked problem); `seq` makes repeats distinct.
    pub reveal: Option<Reveal>,
    /// The text an example, a file or a share link replaced, so it can be brought back.
    pub previous: Option<Rc<str>>,
    /// Set when the page is embedded (`#embed`).
    pub embed: Option<Embed>,
    /// What the last analysis read, by document: the next one re-reads only the documents an
    /// edit changed. Shared by the states of one page (it changes no analysis, only its cost).
    pub cache: Rc<RefCell<ReadCache>>,
    /// The last analysis that showed the Service now lost to an error in the text: the views keep
    /// showing it, dimmed, under a banner naming the error, instead of going blank.
    pub stale: Option<Rc<Analysis>>,
    /// The last what-if, while its text is shown: the notice at the bottom of the page offers to
    /// undo it (and to take the next step of a longer what-if).
    pub undo: Option<Undo>,
    /// What the notice's Undo just took back, said to screen readers by the notice's live region
    /// (nothing appears on screen, so nothing moves under the pointer).
    pub undone: Option<String>,
}

/// A what-if just applied: the text before it (what Undo brings back), what it did, and its
/// next step (if any).
#[derive(Clone, Debug, PartialEq)]
pub struct Undo {
    pub before: Rc<str>,
    pub label: String,
    pub next: Option<engine::edit::WhatIf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reveal {
    pub line: u32,
    pub column: u32,
    pub seq: u32,
}

pub enum Action {
    /// The editor's text changed (typing, an example, a file, a share link). Shared, not copied:
    /// on a large text each copy is a cost of every keystroke.
    Edit(Rc<str>),
    /// Show this Service (index into `analysis.services`).
    SelectService(usize),
    /// Show the Service with this namespace and name (a link's `service=`); ignored when there is
    /// none such.
    ShowService(String, String),
    SelectTab(Tab),
    SetTheme(Theme),
    Notice(Option<String>),
    /// A what-if's result: an edit like [`Action::Edit`] that the notice can undo; `label` says
    /// what it did, `next` is the step that continues it.
    Applied {
        text: String,
        label: String,
        next: Option<engine::edit::WhatIf>,
    },
    /// Put back the text before the last what-if (its notice's Undo), if the text is still what
    /// it made.
    Undo,
    /// Hide the last what-if's notice (its text stays).
    DismissUndo,
    /// Move the editor's cursor to this 1-based line and column.
    Reveal {
        line: u32,
        column: u32,
    },
    /// Replace the whole session (an example, an opened file, a share link), keeping the text it
    /// replaces in `previous`; `notice` says what happened.
    Open {
        session: Session,
        notice: Option<String>,
    },
    /// Change a cluster setting: an edit of the text that states it in a `ClusterConfiguration`
    /// ([`engine::edit::set_cluster_setting`]), or a notice saying why it cannot.
    SetClusterSetting(ClusterSettingEdit),
    /// Bring back the text the last `Open` replaced (and keep the replacing one as `previous`).
    RestorePrevious,
    /// The analysis of `text`, made outside the reducer (a large text, see [`SYNC_LIMIT`]);
    /// ignored unless `text` is still the text shown.
    Analysed {
        text: Rc<str>,
        analysis: Rc<Analysis>,
    },
}

impl State {
    pub fn new(text: &str) -> Self {
        State::with_text(text.into())
    }

    /// A state showing `text` (shared, not copied).
    pub fn with_text(text: Rc<str>) -> Self {
        let sync = text.len() <= SYNC_LIMIT;
        let cache = Rc::new(RefCell::new(ReadCache::default()));
        State {
            analysis: Rc::new(if sync { run_cached(&cache, &text) } else { Analysis::default() }),
            analysed: if sync { text.clone() } else { "".into() },
            text,
            want_service: None,
            selected_service: 0,
            tab: Tab::Diagram,
            theme: Theme::System,
            notice: None,
            reveal: None,
            previous: None,
            embed: None,
            cache,
            stale: None,
            undo: None,
            undone: None,
        }
    }

    /// A state showing `session` (its Service if it still exists, its view).
    pub fn from_session(session: &Session) -> Self {
        let mut s = State::with_text(session.text.clone());
        s.select_named(session.service.as_ref());
        if let Some(t) = session.tab {
            s.tab = t;
        }
        s
    }

    /// What to save or share of this state.
    pub fn session(&self) -> Session {
        Session {
            text: self.text.clone(),
            service: self.service().map(|v| (v.namespace.clone(), v.name.clone())),
            tab: Some(self.tab),
        }
    }

    pub fn readonly(&self) -> bool {
        self.embed.as_ref().is_some_and(|e| e.readonly || e.figure)
    }

    /// Embedded as a figure: the diagram without the editor.
    pub fn figure(&self) -> bool {
        self.embed.as_ref().is_some_and(|e| e.figure)
    }

    fn select_named(&mut self, service: Option<&(String, String)>) {
        if self.pending() {
            self.want_service = service.cloned();
        }
        self.selected_service = service
            .and_then(|(ns, n)| self.analysis.services.iter().position(|v| &v.namespace == ns && &v.name == n))
            .unwrap_or(0);
    }

    /// The same state with its analysis done now, whatever the text's size (for tests).
    #[cfg(test)]
    pub fn settled(mut self) -> Self {
        if self.pending() {
            let text = self.text.clone();
            self.adopt(text.clone(), Rc::new(run_cached(&self.cache, &text)));
        }
        self
    }

    /// True while `text` waits for its analysis (the views show the last one).
    pub fn pending(&self) -> bool {
        !Rc::ptr_eq(&self.text, &self.analysed) && *self.text != *self.analysed
    }

    /// The Service shown now, by name (the wanted one while an analysis is pending).
    fn shown_name(&self) -> Option<(String, String)> {
        self.want_service.clone().or_else(|| self.service().map(|v| (v.namespace.clone(), v.name.clone())))
    }

    /// Takes `analysis` of `text`, keeping the shown Service (by name) when it still exists. When
    /// an error in the text lost that Service, the views keep the analysis that showed it.
    fn adopt(&mut self, text: Rc<str>, analysis: Rc<Analysis>) {
        let shown = self.shown_name();
        let named = shown.as_ref().map(|(ns, n)| (ns.as_str(), n.as_str()));
        if engine::present::problems::lost_to_error(&analysis, named) {
            let base = self.stale.clone().unwrap_or_else(|| self.analysis.clone());
            let at = named.and_then(|(ns, n)| base.services.iter().position(|v| v.namespace == ns && v.name == n));
            if let Some(i) = at {
                self.stale = Some(base);
                self.selected_service = i;
                self.analysis = analysis;
                self.analysed = text;
                self.want_service = None;
                return;
            }
        }
        self.stale = None;
        self.analysis = analysis;
        self.analysed = text;
        self.want_service = None;
        self.select_named(shown.as_ref());
    }

    /// Equal in everything but the text: what the views of the analysis show is the same.
    pub fn same_view(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.stale.as_ref().map(Rc::as_ptr) == other.stale.as_ref().map(Rc::as_ptr)
            && self.want_service == other.want_service
            && self.selected_service == other.selected_service
            && self.tab == other.tab
            && self.theme == other.theme
            && self.notice == other.notice
            && self.reveal == other.reveal
            && self.previous.as_ref().map(|p| p.as_ptr()) == other.previous.as_ref().map(|p| p.as_ptr())
            && self.embed == other.embed
            && self.undo == other.undo
            && self.undone == other.undone
    }

    /// Takes `text` as the text shown, analysed now unless it is large (see [`SYNC_LIMIT`]).
    fn set_text(&mut self, text: Rc<str>) {
        self.text = text.clone();
        if text.len() <= SYNC_LIMIT {
            self.adopt(text.clone(), Rc::new(run_cached(&self.cache, &text)));
        } else {
            self.want_service = self.shown_name();
        }
    }

    /// While this state's text waits for its analysis (a large text just opened), the views
    /// keep showing what `before` showed, marked busy, instead of an empty analysis.
    fn show_until_analysed(&mut self, before: &State) {
        if self.pending() && !before.analysed.is_empty() {
            self.analysis = before.analysis.clone();
            self.analysed = before.analysed.clone();
            self.stale = before.stale.clone();
            self.selected_service = before.selected_service;
        }
    }

    /// The analysis the views show: the current one, or the last one that showed the Service an
    /// error has since lost ([`State::stale`]).
    pub fn shown(&self) -> &Rc<Analysis> {
        self.stale.as_ref().unwrap_or(&self.analysis)
    }

    /// The Service view shown in detail, if any.
    pub fn service(&self) -> Option<&engine::ServiceView> {
        self.shown().services.get(self.selected_service)
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(DEFAULT_EXAMPLE)
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.text, &other.text) && self.same_view(other)
    }
}

/// The setting an edit changes, for people.
fn what(edit: &ClusterSettingEdit) -> &'static str {
    match edit {
        ClusterSettingEdit::ServiceCidrs(_) => "Service CIDR",
        ClusterSettingEdit::PodCidrs(_) => "pod CIDR",
        ClusterSettingEdit::NodePortRange(_) => "NodePort range",
        ClusterSettingEdit::ClusterDomain(_) => "cluster domain",
        ClusterSettingEdit::KubernetesVersion(_) => "Kubernetes version",
    }
}

#[cfg(test)]
fn run(text: &str) -> Analysis {
    analyze(&[Source::new("manifest.yaml", text)])
}

/// The analysis of `text`, reusing what the previous one read (the same result as [`analyze`]).
fn run_cached(cache: &RefCell<ReadCache>, text: &Rc<str>) -> Analysis {
    let sources = [Source::new("manifest.yaml", text.clone())];
    match cache.try_borrow_mut() {
        Ok(mut c) => analyze_with_cache(&sources, &mut c),
        Err(_) => analyze(&sources),
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                if *self.text == *text || self.readonly() {
                    return self;
                }
                next.set_text(text);
                next.undo = None;
                next.undone = None;
            }
            Action::Applied { text, label, next: step } => {
                if *self.text == *text || self.readonly() {
                    return self;
                }
                next.set_text(text.into());
                next.undo = Some(Undo { before: self.text.clone(), label, next: step });
                next.undone = None;
            }
            Action::Undo => {
                let Some(u) = self.undo.clone() else { return self };
                next.set_text(u.before.clone());
                next.undo = None;
                next.undone = Some(format!("Undone: {}.", u.label));
            }
            Action::DismissUndo => next.undo = None,
            Action::Analysed { text, analysis } => {
                // Only the analysis of the text shown now; an older one is out of date.
                if !Rc::ptr_eq(&text, &self.text) {
                    return self;
                }
                next.adopt(text, analysis);
            }
            Action::SelectService(i) => {
                next.selected_service = i.min(self.shown().services.len().saturating_sub(1));
                next.want_service = None;
            }
            Action::SetClusterSetting(edit) => {
                if self.readonly() {
                    return self;
                }
                return match set_cluster_setting(&self.text, &edit) {
                    Ok(text) => self.reduce(Action::Edit(text.into())),
                    Err(why) => {
                        self.reduce(Action::Notice(Some(format!("The {} was not changed: {why}.", what(&edit)))))
                    }
                };
            }
            Action::ShowService(ns, name) => {
                let named = (ns, name);
                let exists = self.analysis.services.iter().any(|v| v.namespace == named.0 && v.name == named.1);
                if !exists && !self.pending() {
                    return self;
                }
                next.select_named(Some(&named));
            }
            Action::SelectTab(t) => next.tab = t,
            Action::SetTheme(t) => next.theme = t,
            Action::Notice(n) => next.notice = n,
            Action::Reveal { line, column } => {
                let seq = self.reveal.map_or(0, |r| r.seq.wrapping_add(1));
                next.reveal = Some(Reveal { line, column, seq });
            }
            Action::Open { session, notice } => {
                let same = *self.text == *session.text;
                let mut opened = if same {
                    // Keep the analysis (and leave the editor's undo history alone).
                    let mut o = (*self).clone();
                    o.select_named(session.service.as_ref());
                    o
                } else {
                    let mut o = State::from_session(&session);
                    o.theme = self.theme;
                    o.embed = self.embed.clone();
                    o.previous = Some(self.text.clone());
                    o.show_until_analysed(&self);
                    o
                };
                opened.tab = session.tab.unwrap_or(self.tab);
                opened.notice = notice;
                return Rc::new(opened);
            }
            Action::RestorePrevious => {
                let Some(prev) = self.previous.clone() else { return self };
                let current = self.service().map(|v| (v.namespace.clone(), v.name.clone()));
                let mut back = State::with_text(prev);
                back.select_named(current.as_ref());
                back.tab = self.tab;
                back.theme = self.theme;
                back.embed = self.embed.clone();
                back.previous = Some(self.text.clone());
                back.notice = None;
                back.show_until_analysed(&self);
                return Rc::new(back);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(s: &State) -> Vec<String> {
        let v = s.service().unwrap();
        v.selected.iter().map(|&i| s.shown().objects[i].name.clone()).collect()
    }

    #[test]
    fn default_example_selects_two_pods() {
        let s = State::default();
        assert_eq!(selected(&s), ["myapp-1", "myapp-2"]);
        assert!(!s.analysis.has_errors());
    }

    #[test]
    fn editing_the_selector_changes_the_selection() {
        let s = Rc::new(State::default());
        let s = s.reduce(Action::Edit(DEFAULT_EXAMPLE.replacen("app: MyApp", "app: OtherApp", 1).into()));
        assert_eq!(selected(&s), ["other-app"]);
    }

    #[test]
    fn the_shown_service_follows_its_name_across_edits() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n");
        let s = Rc::new(State::new(&two)).reduce(Action::SelectService(1));
        assert_eq!(s.service().unwrap().name, "b");
        let s = s.reduce(Action::Edit(two.replace("name: my-service", "name: a-service").into()));
        assert_eq!(s.service().unwrap().name, "b");
    }

    #[test]
    fn broken_yaml_keeps_the_text_and_reports() {
        let s = Rc::new(State::default()).reduce(Action::Edit("kind: [".into()));
        assert_eq!(&*s.text, "kind: [");
        assert!(s.analysis.has_errors());
        assert!(s.analysis.services.is_empty());
        // The views keep the last analysis that showed my-service, instead of going blank.
        assert_eq!(s.service().map(|v| v.name.as_str()), Some("my-service"));
        assert!(s.stale.is_some());
    }

    #[test]
    fn a_typo_keeps_the_last_analysis_until_it_is_fixed() {
        let s = Rc::new(State::default());
        let typo = DEFAULT_EXAMPLE.replace("  selector:", "  selectr:");
        let s = s.reduce(Action::Edit(typo.clone().into()));
        assert!(s.analysis.services.is_empty(), "the API server rejects the Service");
        assert_eq!(selected(&s), ["myapp-1", "myapp-2"], "the last analysis stays on screen");
        let kept = s.stale.clone().unwrap();
        // Another broken edit keeps the same last good analysis.
        let s = s.reduce(Action::Edit(typo.replace("port: 80", "port: 81").into()));
        assert!(Rc::ptr_eq(s.stale.as_ref().unwrap(), &kept));
        // Fixed: the new analysis is shown.
        let s = s.reduce(Action::Edit(DEFAULT_EXAMPLE.replace("port: 80", "port: 81").into()));
        assert!(s.stale.is_none());
        assert!(Rc::ptr_eq(s.shown(), &s.analysis));
        assert_eq!(s.service().unwrap().name, "my-service");
        // Removing the Service on purpose (no error) empties the views.
        let s = s.reduce(Action::Edit(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n".into(),
        ));
        assert!(s.stale.is_none() && s.service().is_none());
    }

    #[test]
    fn a_text_opened_broken_has_nothing_stale_to_show() {
        let s = State::new(&DEFAULT_EXAMPLE.replace("  selector:", "  selectr:"));
        assert!(s.stale.is_none() && s.service().is_none());
    }

    #[test]
    fn an_edit_reuses_the_documents_it_did_not_touch() {
        let s = Rc::new(State::default());
        let documents = s.cache.borrow().len();
        assert!(documents > 1, "the default example's documents are kept ({documents})");
        let edited = DEFAULT_EXAMPLE.replacen("app: MyApp", "app: OtherApp", 1);
        let t = s.reduce(Action::Edit(edited.clone().into()));
        let fresh = run(&edited);
        assert_eq!(t.analysis.diagnostics, fresh.diagnostics);
        assert_eq!(format!("{:?}", t.analysis.objects), format!("{:?}", fresh.objects));
        assert_eq!(t.cache.borrow().len(), documents);
    }

    #[test]
    fn an_unchanged_edit_keeps_the_same_analysis() {
        let s = Rc::new(State::default());
        let t = s.clone().reduce(Action::Edit(DEFAULT_EXAMPLE.to_string().into()));
        assert!(Rc::ptr_eq(&s, &t));
    }

    #[test]
    fn tabs_have_stable_ids() {
        for t in Tab::ALL {
            assert_eq!(Tab::from_id(t.id()), Some(t));
        }
        assert_eq!(Tab::from_id("nope"), None);
    }

    #[test]
    fn selecting_a_service_out_of_range_is_clamped() {
        let s = Rc::new(State::default()).reduce(Action::SelectService(99));
        assert_eq!(s.selected_service, 0);
    }

    fn open(text: &str, notice: Option<&str>) -> Action {
        Action::Open {
            session: Session { text: text.into(), service: None, tab: None },
            notice: notice.map(Into::into),
        }
    }

    #[test]
    fn open_replaces_the_session_and_keeps_the_replaced_text() {
        let s = Rc::new(State::default())
            .reduce(Action::Edit(format!("{DEFAULT_EXAMPLE}# mine\n").into()))
            .reduce(Action::SelectTab(Tab::Dns));
        let s = s.reduce(open("kind: Pod\n", Some("Loaded")));
        assert_eq!(&*s.text, "kind: Pod\n");
        assert_eq!(s.previous.as_deref(), Some(format!("{DEFAULT_EXAMPLE}# mine\n").as_str()));
        assert_eq!(s.notice.as_deref(), Some("Loaded"));
        assert_eq!(s.tab, Tab::Dns, "no view in the session: the view stays");
        assert!(s.service().is_none());
    }

    #[test]
    fn open_selects_the_sessions_service_and_view() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n");
        let session =
            Session { text: two.into(), service: Some(("default".into(), "b".into())), tab: Some(Tab::Endpoints) };
        let s = Rc::new(State::default())
            .reduce(Action::SetTheme(Theme::Dark))
            .reduce(Action::Open { session: session.clone(), notice: None });
        assert_eq!(s.service().unwrap().name, "b");
        assert_eq!((s.tab, s.theme), (Tab::Endpoints, Theme::Dark));
        assert_eq!(s.session(), session);
        assert_eq!(State::from_session(&session).session(), session);
    }

    #[test]
    fn opening_the_same_text_keeps_the_analysis_and_previous() {
        let s = Rc::new(State::default());
        let t = s.clone().reduce(open(DEFAULT_EXAMPLE, None));
        assert!(Rc::ptr_eq(&s.analysis, &t.analysis));
        assert!(t.previous.is_none());
    }

    #[test]
    fn restore_previous_swaps_back_and_forth() {
        let s = Rc::new(State::default()).reduce(open("kind: Pod\n", Some("Loaded")));
        let back = s.reduce(Action::RestorePrevious);
        assert_eq!(&*back.text, DEFAULT_EXAMPLE);
        assert_eq!(back.previous.as_deref(), Some("kind: Pod\n"));
        assert!(back.notice.is_none());
        assert_eq!(selected(&back), ["myapp-1", "myapp-2"]);
        let again = back.reduce(Action::RestorePrevious);
        assert_eq!(&*again.text, "kind: Pod\n");
        // Nothing to restore: unchanged.
        let s = Rc::new(State::default());
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::RestorePrevious)));
    }

    #[test]
    fn a_read_only_embed_ignores_edits() {
        let s = Rc::new(State { embed: Some(Embed { readonly: true, figure: false }), ..State::default() });
        let t = s.clone().reduce(Action::Edit("kind: [".into()));
        assert!(Rc::ptr_eq(&s, &t));
        let st = State { embed: Some(Embed { readonly: false, figure: false }), ..State::default() };
        assert_eq!(&*Rc::new(st).reduce(Action::Edit("x: 1".into())).text, "x: 1");
    }

    #[test]
    fn a_service_is_shown_by_name_and_an_unknown_name_changes_nothing() {
        let lb = include_str!("../examples/06-loadbalancer.yaml");
        let s = Rc::new(State::new(lb));
        assert_eq!(s.service().unwrap().name, "web-cluster");
        let t = s.clone().reduce(Action::ShowService("default".into(), "web-local".into()));
        assert_eq!(t.service().unwrap().name, "web-local");
        let u = t.clone().reduce(Action::ShowService("default".into(), "nope".into()));
        assert!(Rc::ptr_eq(&t, &u));
    }

    #[test]
    fn a_figure_embed_is_read_only() {
        let s = State { embed: Some(Embed { readonly: false, figure: true }), ..State::default() };
        assert!(s.readonly() && s.figure());
        assert!(!State::default().figure());
    }

    #[test]
    fn theme_ids() {
        for t in Theme::ALL {
            assert_eq!(Theme::from_id(t.id().unwrap_or("system")), t);
        }
        let s = Rc::new(State::default()).reduce(Action::SetTheme(Theme::Light));
        assert_eq!(s.theme, Theme::Light);
    }

    #[test]
    fn a_what_if_can_be_undone_until_the_text_changes_again() {
        let s = Rc::new(State::default());
        let marked = DEFAULT_EXAMPLE.replacen("name: myapp-2", "name: myapp-2x", 1);
        let w = s.clone().reduce(Action::Applied { text: marked.clone(), label: "Rename".into(), next: None });
        assert_eq!(&*w.text, marked.as_str());
        assert_eq!(w.undo.as_ref().map(|d| (d.label.as_str(), &*d.before)), Some(("Rename", DEFAULT_EXAMPLE)));
        let back = w.clone().reduce(Action::Undo);
        assert_eq!(&*back.text, DEFAULT_EXAMPLE);
        assert_eq!(selected(&back), ["myapp-1", "myapp-2"]);
        assert!(back.undo.is_none());
        assert!(w.clone().reduce(Action::DismissUndo).undo.is_none());
        // Nothing left to undo: unchanged.
        assert!(Rc::ptr_eq(&back, &back.clone().reduce(Action::Undo)));
        // Typing after a what-if: Undo no longer offered (the editor's own undo covers both).
        let typed = w.reduce(Action::Edit(format!("{marked}# more\n").into()));
        assert!(typed.undo.is_none());
        // A what-if that changes nothing is no what-if.
        assert!(s
            .clone()
            .reduce(Action::Applied { text: DEFAULT_EXAMPLE.into(), label: "x".into(), next: None })
            .undo
            .is_none());
    }

    #[test]
    fn notices_are_set_and_dismissed() {
        let s = Rc::new(State::default()).reduce(Action::Notice(Some("This link is damaged".into())));
        assert_eq!(s.notice.as_deref(), Some("This link is damaged"));
        assert!(s.reduce(Action::Notice(None)).notice.is_none());
    }

    #[test]
    fn a_large_text_waits_for_its_analysis_and_keeps_the_shown_service() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n");
        let s = Rc::new(State::new(&two)).reduce(Action::SelectService(1));
        let big = format!("{two}# {}\n", "x".repeat(SYNC_LIMIT));
        let s = s.reduce(Action::Edit(big.clone().into()));
        assert!(s.pending());
        assert_eq!(&*s.text, big.as_str());
        assert_eq!(s.service().unwrap().name, "b", "the last analysis is still shown");
        // An analysis of an older text is ignored.
        let stale = s.clone().reduce(Action::Analysed { text: two.as_str().into(), analysis: Rc::new(run(&two)) });
        assert!(stale.pending());
        let done = s.clone().reduce(Action::Analysed { text: s.text.clone(), analysis: Rc::new(run(&big)) });
        assert!(!done.pending());
        assert_eq!(done.service().unwrap().name, "b");
        let settled = (*s).clone().settled();
        assert_eq!((settled.pending(), settled.selected_service), (false, done.selected_service));
    }

    #[test]
    fn an_opened_large_file_shows_the_last_analysis_until_its_own_arrives() {
        let s = Rc::new(State::default());
        let big = format!("{}# {}\n", DEFAULT_EXAMPLE.replace("my-service", "big-one"), "x".repeat(SYNC_LIMIT));
        let opened = s.clone().reduce(open(&big, Some("Opened big.yaml.")));
        assert!(opened.pending());
        assert!(Rc::ptr_eq(&opened.analysis, &s.analysis), "the views keep the last analysis, marked busy");
        assert_eq!(opened.service().unwrap().name, "my-service");
        let text = opened.text.clone();
        let done = opened.reduce(Action::Analysed { analysis: Rc::new(run(&text)), text });
        assert!(!done.pending());
        assert_eq!(done.service().unwrap().name, "big-one");
        // And Restore, back to a large text, the same.
        let back = done.clone().reduce(open(DEFAULT_EXAMPLE, None)).reduce(Action::RestorePrevious);
        assert!(back.pending());
        assert_eq!(back.service().unwrap().name, "my-service");
    }

    #[test]
    fn a_large_session_opens_pending_with_its_service() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n# {}\n", "x".repeat(SYNC_LIMIT));
        let session = Session { text: two.into(), service: Some(("default".into(), "b".into())), tab: None };
        let s = State::from_session(&session);
        assert!(s.pending() && s.service().is_none());
        let text = s.text.clone();
        let s = Rc::new(s).reduce(Action::Analysed { analysis: Rc::new(run(&text)), text });
        assert_eq!(s.service().unwrap().name, "b");
        assert_eq!(s.session(), Session { tab: Some(Tab::Diagram), ..session });
    }

    #[test]
    fn a_what_if_offers_undo_and_its_next_step() {
        use engine::edit::WhatIf;
        let s = Rc::new(State::new(include_str!("../examples/02-nginx-deployment.yaml")));
        let dep = s.analysis.objects.with_ids().find(|(_, o)| o.kind.as_str() == "Deployment").unwrap().0;
        let kill =
            engine::edit::suggestions(&s.analysis, dep).into_iter().find(|w| matches!(w, WhatIf::KillPod(_))).unwrap();
        let original = s.text.clone();
        let t = s.clone().reduce(Action::Applied {
            text: kill.apply(&s.text).unwrap(),
            label: kill.label(),
            next: kill.next(),
        });
        let u = t.undo.clone().unwrap();
        assert_eq!((u.before.clone(), u.label.clone()), (original.clone(), kill.label()));
        assert!(u.next.unwrap().label().starts_with("Next: "));
        // Undo brings the text back and says so; typing forgets the undo.
        let back = t.clone().reduce(Action::Undo);
        assert_eq!(back.text, original);
        assert!(back.undo.is_none() && back.undone.as_deref().unwrap().starts_with("Undone: Kill pod"));
        // ... in the notice's live region, not in a notice above the views (nothing moves).
        assert_eq!(back.notice, t.notice);
        let typed = t.reduce(Action::Edit(format!("{original}# mine\n").into()));
        assert!(typed.undo.is_none());
        // A what-if that changes nothing offers no undo.
        let same = s.clone().reduce(Action::Applied { text: original.to_string(), label: "x".into(), next: None });
        assert!(same.undo.is_none());
    }

    #[test]
    fn a_what_if_is_an_edit_and_the_views_follow() {
        use engine::edit::{Target, WhatIf};
        let s = Rc::new(State::default());
        let w = WhatIf::SetReady { pod: Target::new("Pod", "default", "myapp-1"), ready: false };
        let s = s.reduce(Action::Edit(w.apply(DEFAULT_EXAMPLE).unwrap().into()));
        let pod = s.analysis.pods().find(|(_, o, _)| o.name == "myapp-1").unwrap().2;
        assert!(!pod.status.ready);
        let w = WhatIf::Delete(Target::new("Pod", "default", "myapp-2"));
        let t = w.apply(&s.text).unwrap();
        let s = s.reduce(Action::Edit(t.into()));
        assert_eq!(selected(&s), ["myapp-1"]);
        let w = WhatIf::AddLabels {
            target: Target::new("Pod", "default", "other-app"),
            labels: vec![("app".into(), "MyApp".into())],
            reason: None,
        };
        let t = w.apply(&s.text).unwrap();
        let s = s.reduce(Action::Edit(t.into()));
        assert_eq!(selected(&s), ["myapp-1", "other-app"]);
    }

    #[test]
    fn a_cluster_setting_is_an_edit_of_the_text() {
        let s = Rc::new(State::default())
            .reduce(Action::SetClusterSetting(ClusterSettingEdit::ClusterDomain("corp.example".into())));
        assert!(s.text.starts_with(DEFAULT_EXAMPLE) && s.text.contains("dnsDomain: corp.example"), "{}", s.text);
        assert_eq!(s.analysis.cluster.domain(), "corp.example");
        assert_eq!(selected(&s), ["myapp-1", "myapp-2"], "the shown Service stays");
        let s = s.reduce(Action::SetClusterSetting(ClusterSettingEdit::ServiceCidrs("10.0.0.0/16".into())));
        assert_eq!(s.analysis.cluster.service_cidrs.value, ["10.0.0.0/16"]);
        assert_eq!(s.text.matches("kind: ClusterConfiguration").count(), 1, "one document, updated");
        // A bad value changes nothing and says why.
        let t = s.clone().reduce(Action::SetClusterSetting(ClusterSettingEdit::ServiceCidrs("10.0.0.0/33".into())));
        assert!(Rc::ptr_eq(&s.text, &t.text));
        assert!(t.notice.as_deref().unwrap().starts_with("The Service CIDR was not changed: "), "{:?}", t.notice);
        // A read-only embed changes nothing.
        let ro = Rc::new(State { embed: Some(Embed { readonly: true, figure: false }), ..State::default() });
        let same = ro.clone().reduce(Action::SetClusterSetting(ClusterSettingEdit::ClusterDomain("x.example".into())));
        assert!(Rc::ptr_eq(&ro, &same));
    }
}
