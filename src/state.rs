//! All UI state in one reducer: the manifest text is the single source of truth; everything
//! shown is derived from the engine's analysis of it. Testable natively (no browser).

use engine::{analyze, Analysis, Source};
use std::rc::Rc;
use yew::Reducible;

/// The embedded default example (the docs' `my-service`).
pub const DEFAULT_EXAMPLE: &str = include_str!("../examples/01-my-service.yaml");

#[derive(Clone, Debug)]
pub struct State {
    pub text: Rc<str>,
    pub analysis: Rc<Analysis>,
    /// Index into `analysis.services` of the Service shown in detail.
    pub selected_service: usize,
}

pub enum Action {
    /// The editor's text changed.
    Edit(String),
    /// Show this Service (index into `analysis.services`).
    SelectService(usize),
}

impl State {
    pub fn new(text: &str) -> Self {
        State { text: text.into(), analysis: Rc::new(run(text)), selected_service: 0 }
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(DEFAULT_EXAMPLE)
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis) && self.selected_service == other.selected_service
    }
}

fn run(text: &str) -> Analysis {
    analyze(&[Source::new("manifest.yaml", text)])
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Edit(text) => {
                if *self.text == *text {
                    return self;
                }
                let analysis = Rc::new(run(&text));
                // Keep showing the same Service (by name) when it still exists.
                let current = self.analysis.services.get(self.selected_service).map(|v| (v.namespace.clone(), v.name.clone()));
                let selected_service = current
                    .and_then(|(ns, n)| analysis.services.iter().position(|v| v.namespace == ns && v.name == n))
                    .unwrap_or(0);
                Rc::new(State { text: text.into(), analysis, selected_service })
            }
            Action::SelectService(i) => {
                let selected_service = i.min(self.analysis.services.len().saturating_sub(1));
                Rc::new(State { selected_service, ..(*self).clone() })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selected(s: &State) -> Vec<String> {
        let v = &s.analysis.services[s.selected_service];
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
        assert_eq!(s.analysis.services[s.selected_service].name, "b");
        let s = s.reduce(Action::Edit(two.replace("name: my-service", "name: a-service")));
        assert_eq!(s.analysis.services[s.selected_service].name, "b");
    }

    #[test]
    fn broken_yaml_keeps_the_text_and_reports() {
        let s = Rc::new(State::default()).reduce(Action::Edit("kind: [".into()));
        assert_eq!(&*s.text, "kind: [");
        assert!(s.analysis.has_errors());
    }
}
