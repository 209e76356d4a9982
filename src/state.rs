//! All UI state in one reducer. The manifest text is the single source of truth: every view is
//! derived from the engine's analysis of it, and every what-if is an edit of it (so undo works
//! across them). Testable natively (no browser).

use engine::{analyze, Analysis, Source};
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
    Problems,
}

impl Tab {
    pub const ALL: [Tab; 6] = [Tab::Diagram, Tab::Endpoints, Tab::Dns, Tab::Routes, Tab::Stored, Tab::Problems];
    pub fn label(self) -> &'static str {
        match self {
            Tab::Diagram => "Traffic",
            Tab::Endpoints => "Endpoints",
            Tab::Dns => "DNS",
            Tab::Routes => "Routing",
            Tab::Stored => "Stored object",
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
/// shown (namespace, name) and the view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    pub text: String,
    pub service: Option<(String, String)>,
    pub tab: Option<Tab>,
}

/// How the page was opened with `#embed` (or `?embed`): a compact layout for an iframe.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// No editing: the text is shown, not editable, and no what-if is offered.
    pub readonly: bool,
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
    /// The last what-if, while its text is shown: the notice offers to undo it (and to take the
    /// next step of a longer what-if).
    pub undo: Option<Undo>,
}

/// A what-if just applied: the text before it, what it did, and its next step (if any).
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
    /// The editor's text changed (typing, a what-if, an example, a file, a share link).
    Edit(String),
    /// Show this Service (index into `analysis.services`).
    SelectService(usize),
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
    /// Put back the text before the last what-if.
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
        let text: Rc<str> = text.into();
        let sync = text.len() <= SYNC_LIMIT;
        State {
            analysis: Rc::new(if sync { run(&text) } else { Analysis::default() }),
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
            undo: None,
        }
    }

    /// A state showing `session` (its Service if it still exists, its view).
    pub fn from_session(session: &Session) -> Self {
        let mut s = State::new(&session.text);
        s.select_named(session.service.as_ref());
        if let Some(t) = session.tab {
            s.tab = t;
        }
        s
    }

    /// What to save or share of this state.
    pub fn session(&self) -> Session {
        Session {
            text: self.text.to_string(),
            service: self.service().map(|v| (v.namespace.clone(), v.name.clone())),
            tab: Some(self.tab),
        }
    }

    pub fn readonly(&self) -> bool {
        self.embed.as_ref().is_some_and(|e| e.readonly)
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
            self.adopt(text.clone(), Rc::new(run(&text)));
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

    /// Takes `analysis` of `text`, keeping the shown Service (by name) when it still exists.
    fn adopt(&mut self, text: Rc<str>, analysis: Rc<Analysis>) {
        let shown = self.shown_name();
        self.analysis = analysis;
        self.analysed = text;
        self.want_service = None;
        self.select_named(shown.as_ref());
    }

    /// Equal in everything but the text: what the views of the analysis show is the same.
    pub fn same_view(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.want_service == other.want_service
            && self.selected_service == other.selected_service
            && self.tab == other.tab
            && self.theme == other.theme
            && self.notice == other.notice
            && self.reveal == other.reveal
            && self.previous.as_ref().map(|p| p.as_ptr()) == other.previous.as_ref().map(|p| p.as_ptr())
            && self.embed == other.embed
            && self.undo == other.undo
    }

    /// The Service view shown in detail, if any.
    pub fn service(&self) -> Option<&engine::ServiceView> {
        self.analysis.services.get(self.selected_service)
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

fn run(text: &str) -> Analysis {
    analyze(&[Source::new("manifest.yaml", text)])
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
                let text: Rc<str> = text.into();
                next.text = text.clone();
                next.undo = None;
                if text.len() <= SYNC_LIMIT {
                    next.adopt(text.clone(), Rc::new(run(&text)));
                } else {
                    next.want_service = next.shown_name();
                }
            }
            Action::Applied { text, label, next: step } => {
                let before = self.text.clone();
                let mut applied = (*self.reduce(Action::Edit(text))).clone();
                if Rc::ptr_eq(&applied.text, &before) {
                    return Rc::new(applied);
                }
                applied.undo = Some(Undo { before, label, next: step });
                applied.notice = None;
                return Rc::new(applied);
            }
            Action::Undo => {
                let Some(u) = self.undo.clone() else { return self };
                let mut back = (*self.reduce(Action::Edit(u.before.to_string()))).clone();
                back.notice = Some(format!("Undone: {}.", u.label));
                return Rc::new(back);
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
                next.selected_service = i.min(self.analysis.services.len().saturating_sub(1));
                next.want_service = None;
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
                    o
                };
                opened.tab = session.tab.unwrap_or(self.tab);
                opened.notice = notice;
                return Rc::new(opened);
            }
            Action::RestorePrevious => {
                let Some(prev) = self.previous.clone() else { return self };
                let current = self.service().map(|v| (v.namespace.clone(), v.name.clone()));
                let mut back = State::new(&prev);
                back.text = prev;
                back.select_named(current.as_ref());
                back.tab = self.tab;
                back.theme = self.theme;
                back.embed = self.embed.clone();
                back.previous = Some(self.text.clone());
                back.notice = None;
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
        v.selected.iter().map(|&i| s.analysis.objects[i].name.clone()).collect()
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
        let s = s.reduce(Action::Edit(DEFAULT_EXAMPLE.replacen("app: MyApp", "app: OtherApp", 1)));
        assert_eq!(selected(&s), ["other-app"]);
    }

    #[test]
    fn the_shown_service_follows_its_name_across_edits() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n");
        let s = Rc::new(State::new(&two)).reduce(Action::SelectService(1));
        assert_eq!(s.service().unwrap().name, "b");
        let s = s.reduce(Action::Edit(two.replace("name: my-service", "name: a-service")));
        assert_eq!(s.service().unwrap().name, "b");
    }

    #[test]
    fn broken_yaml_keeps_the_text_and_reports() {
        let s = Rc::new(State::default()).reduce(Action::Edit("kind: [".into()));
        assert_eq!(&*s.text, "kind: [");
        assert!(s.analysis.has_errors());
        assert!(s.service().is_none());
    }

    #[test]
    fn an_unchanged_edit_keeps_the_same_analysis() {
        let s = Rc::new(State::default());
        let t = s.clone().reduce(Action::Edit(DEFAULT_EXAMPLE.to_string()));
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
            .reduce(Action::Edit(format!("{DEFAULT_EXAMPLE}# mine\n")))
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
        let session = Session { text: two, service: Some(("default".into(), "b".into())), tab: Some(Tab::Endpoints) };
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
        let s = Rc::new(State { embed: Some(Embed { readonly: true }), ..State::default() });
        let t = s.clone().reduce(Action::Edit("kind: [".into()));
        assert!(Rc::ptr_eq(&s, &t));
        let st = State { embed: Some(Embed { readonly: false }), ..State::default() };
        assert_eq!(&*Rc::new(st).reduce(Action::Edit("x: 1".into())).text, "x: 1");
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
        let s = s.reduce(Action::Edit(big.clone()));
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
    fn a_large_session_opens_pending_with_its_service() {
        let two = format!("{DEFAULT_EXAMPLE}---\napiVersion: v1\nkind: Service\nmetadata: {{name: b}}\nspec: {{ports: [{{port: 1}}]}}\n# {}\n", "x".repeat(SYNC_LIMIT));
        let session = Session { text: two, service: Some(("default".into(), "b".into())), tab: None };
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
        assert!(back.undo.is_none() && back.notice.as_deref().unwrap().starts_with("Undone: Kill pod"));
        let typed = t.reduce(Action::Edit(format!("{original}# mine\n")));
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
        let s = s.reduce(Action::Edit(w.apply(DEFAULT_EXAMPLE).unwrap()));
        let pod = s.analysis.pods().find(|(_, o, _)| o.name == "myapp-1").unwrap().2;
        assert!(!pod.status.ready);
        let w = WhatIf::Delete(Target::new("Pod", "default", "myapp-2"));
        let t = w.apply(&s.text).unwrap();
        let s = s.reduce(Action::Edit(t));
        assert_eq!(selected(&s), ["myapp-1"]);
        let w = WhatIf::AddLabels {
            target: Target::new("Pod", "default", "other-app"),
            labels: vec![("app".into(), "MyApp".into())],
            reason: None,
        };
        let t = w.apply(&s.text).unwrap();
        let s = s.reduce(Action::Edit(t));
        assert_eq!(selected(&s), ["myapp-1", "other-app"]);
    }
}
