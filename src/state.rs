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

#[derive(Clone, Debug)]
pub struct State {
    pub text: Rc<str>,
    pub analysis: Rc<Analysis>,
    /// Index into `analysis.services` of the Service shown in detail.
    pub selected_service: usize,
    pub tab: Tab,
    pub theme: Theme,
    /// A message for the person (e.g. a broken share link), shown until dismissed.
    pub notice: Option<String>,
    /// Where the editor should put its cursor (a clicked problem); `seq` makes repeats distinct.
    pub reveal: Option<Reveal>,
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
    /// Move the editor's cursor to this 1-based line and column.
    Reveal { line: u32, column: u32 },
}

impl State {
    pub fn new(text: &str) -> Self {
        State {
            text: text.into(),
            analysis: Rc::new(run(text)),
            selected_service: 0,
            tab: Tab::Diagram,
            theme: Theme::System,
            notice: None,
            reveal: None,
        }
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
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.selected_service == other.selected_service
            && self.tab == other.tab
            && self.theme == other.theme
            && self.notice == other.notice
            && self.reveal == other.reveal
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
                if *self.text == *text {
                    return self;
                }
                let analysis = Rc::new(run(&text));
                // Keep showing the same Service (by name) when it still exists.
                let current = self.service().map(|v| (v.namespace.clone(), v.name.clone()));
                next.selected_service = current
                    .and_then(|(ns, n)| analysis.services.iter().position(|v| v.namespace == ns && v.name == n))
                    .unwrap_or(0);
                next.text = text.into();
                next.analysis = analysis;
            }
            Action::SelectService(i) => next.selected_service = i.min(self.analysis.services.len().saturating_sub(1)),
            Action::SelectTab(t) => next.tab = t,
            Action::SetTheme(t) => next.theme = t,
            Action::Notice(n) => next.notice = n,
            Action::Reveal { line, column } => {
                let seq = self.reveal.map_or(0, |r| r.seq.wrapping_add(1));
                next.reveal = Some(Reveal { line, column, seq });
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
}
