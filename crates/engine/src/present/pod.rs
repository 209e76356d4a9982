//! A pod's state as the views show it: whether the Service selects it, and if so whether it is
//! Ready, not Ready or terminating.

use crate::api::Pod;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodState {
    Ready,
    NotReady,
    Terminating,
    /// In the namespace but not selected by the Service.
    Unselected,
}

impl PodState {
    /// The state of `pod`; `selected`: the Service selects it (or it is one of its endpoints).
    /// A terminating pod counts as terminating whatever its Ready condition says.
    pub fn of(pod: &Pod, selected: bool) -> PodState {
        if !selected {
            PodState::Unselected
        } else if pod.is_terminating() {
            PodState::Terminating
        } else if pod.status.ready {
            PodState::Ready
        } else {
            PodState::NotReady
        }
    }

    /// The CSS class of the state.
    pub fn class(self) -> &'static str {
        match self {
            PodState::Ready => "ready",
            PodState::NotReady => "not-ready",
            PodState::Terminating => "terminating",
            PodState::Unselected => "unselected",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            PodState::Ready => "selected, Ready",
            PodState::NotReady => "selected, not Ready",
            PodState::Terminating => "selected, terminating",
            PodState::Unselected => "not selected",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE};

    #[test]
    fn states_of_the_example_pods() {
        let a = analysis(MY_SERVICE);
        let states: Vec<(String, PodState)> =
            a.pods().map(|(i, o, p)| (o.name.clone(), PodState::of(p, a.services[0].selected.contains(&i)))).collect();
        assert_eq!(
            states,
            [
                ("myapp-1".to_string(), PodState::Ready),
                ("myapp-2".into(), PodState::Ready),
                ("other-app".into(), PodState::Unselected)
            ]
        );
    }
}
