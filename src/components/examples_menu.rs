//! The gallery: every `examples/*.yaml`, embedded at build time. Each file starts with two `#`
//! lines that explain it; the menu shows them. The engine tests run every example
//! (`crates/engine/tests/fixtures.rs`), so none can rot.

use super::ShellProps;
use crate::state::{Action, Session};
use web_sys::Element;
use yew::prelude::*;

pub struct Example {
    /// Stable id for URLs (`#embed&example=nodeport`): the file name without its number.
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

macro_rules! example {
    ($id:literal, $title:literal, $file:literal) => {
        Example { id: $id, title: $title, text: include_str!(concat!("../../examples/", $file)) }
    };
}

/// The gallery, in menu order. The first is the default manifest.
pub const EXAMPLES: &[Example] = &[
    example!("my-service", "ClusterIP: my-service", "01-my-service.yaml"),
    example!("nginx-deployment", "A Deployment behind a Service", "02-nginx-deployment.yaml"),
    example!("named-port", "Named targetPort", "03-named-target-port.yaml"),
    example!("without-selector", "Service without a selector", "04-without-selector.yaml"),
    example!("nodeport", "NodePort", "05-nodeport.yaml"),
    example!("loadbalancer", "LoadBalancer: Cluster vs Local", "06-loadbalancer.yaml"),
    example!("externalname", "ExternalName", "07-externalname.yaml"),
    example!("headless", "Headless Service for a StatefulSet", "08-headless-statefulset.yaml"),
    example!("labels", "Labels: dev, test, prod and versions", "09-labels.yaml"),
    example!("kubectl-expose", "kubectl expose a Deployment", "10-kubectl-expose.yaml"),
    example!("multi-port", "Multi-port Service", "11-multi-port.yaml"),
];

pub fn by_id(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The example whose text this is, if it is one unchanged.
pub fn matching(text: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.text == text)
}

impl Example {
    /// The leading `#` comment lines, as one paragraph.
    pub fn description(&self) -> String {
        let lines: Vec<&str> =
            self.text.lines().take_while(|l| l.starts_with('#')).map(|l| l.trim_start_matches('#').trim()).collect();
        lines.join(" ")
    }
}

/// "Examples ▾": a disclosure menu of the gallery; choosing one replaces the text (the replaced
/// text can be restored from the notice, and the editor's undo brings it back too).
#[function_component(ExamplesMenu)]
pub fn examples_menu(props: &ShellProps) -> Html {
    let details = use_node_ref();
    let current = matching(&props.state.text).map(|e| e.id);
    let close = {
        let details = details.clone();
        move || {
            if let Some(d) = details.cast::<Element>() {
                let _ = d.remove_attribute("open");
            }
        }
    };
    let onkeydown = {
        let close = close.clone();
        let details = details.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close();
                focus_summary(&details);
            }
        })
    };
    html! {
        <details class="menu examples-menu" ref={details.clone()} {onkeydown}>
            <summary class="button" aria-label="Examples: load an example manifest">{ "Examples" }</summary>
            <div class="menu-panel" role="group" aria-label="Examples">
                <ul class="example-list">
                    { for EXAMPLES.iter().map(|ex| {
                        let d = props.state.dispatcher();
                        let state = props.state.clone();
                        let close = close.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let mine = !state.text.trim().is_empty() && matching(&state.text).is_none();
                            let notice = mine.then(|| format!("Loaded the example “{}”. Your text is kept: Restore brings it back.", ex.title));
                            d.dispatch(Action::Open { session: Session { text: ex.text.into(), service: None, tab: None }, notice });
                            close();
                        });
                        let active = current == Some(ex.id);
                        html! {
                            <li>
                                <button type="button" class={classes!("example", active.then_some("active"))}
                                    aria-current={active.then_some("true")} data-example={ex.id} {onclick}>
                                    <span class="example-title">{ ex.title }</span>
                                    <span class="example-desc">{ ex.description() }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
                if props.state.previous.is_some() {
                    <div class="menu-footer">
                        <button type="button" class="button" data-testid="restore-previous"
                            onclick={{
                                let d = props.state.dispatcher();
                                let close = close.clone();
                                Callback::from(move |_: MouseEvent| { d.dispatch(Action::RestorePrevious); close(); })
                            }}>
                            { "Restore the text you had before" }
                        </button>
                    </div>
                }
            </div>
        </details>
    }
}

/// Puts the focus back on a `<details>`'s summary (after Escape closed it, or after a what-if),
/// without scrolling the page.
pub fn focus_summary(details: &NodeRef) {
    if let Some(s) = details.cast::<Element>().and_then(|d| d.query_selector("summary").ok().flatten()) {
        crate::persist::focus_quietly(&s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_a_two_line_description_and_a_unique_id() {
        for (i, e) in EXAMPLES.iter().enumerate() {
            let lines = e.text.lines().take_while(|l| l.starts_with('#')).count();
            assert_eq!(lines, 2, "{}: two leading comment lines", e.id);
            assert!(e.description().len() > 40, "{}", e.id);
            assert!(EXAMPLES[..i].iter().all(|o| o.id != e.id && o.title != e.title), "{} is unique", e.id);
            assert_eq!(by_id(e.id).map(|x| x.id), Some(e.id));
        }
        assert_eq!(EXAMPLES[0].text, crate::state::DEFAULT_EXAMPLE);
    }

    #[test]
    fn every_example_in_the_directory_is_in_the_gallery() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|f| f.ends_with(".yaml"))
            .collect();
        files.sort();
        assert_eq!(files.len(), EXAMPLES.len(), "{files:?}");
        for (f, e) in files.iter().zip(EXAMPLES) {
            let text =
                std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(f))
                    .unwrap();
            assert_eq!(text, e.text, "{f} is {}", e.id);
        }
    }

    #[test]
    fn every_example_is_accepted_without_errors() {
        for e in EXAMPLES {
            let s = crate::state::State::new(e.text);
            let errors: Vec<String> = s
                .analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity == engine::Severity::Error)
                .map(|d| d.text())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", e.id);
            assert!(!s.analysis.services.is_empty(), "{} has a Service", e.id);
        }
    }
}
