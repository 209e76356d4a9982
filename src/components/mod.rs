//! One component per file. Components take the reducer handle (read the state, dispatch
//! actions): the chrome as [`ShellProps`], the views of the analysis as [`ViewProps`].

pub mod app;
pub mod cluster_panel;
pub mod diagram;
pub mod dns_panel;
pub mod editor;
pub mod embed;
pub mod endpoints_panel;
pub mod examples_menu;
pub mod expose_form;
pub mod no_service;
pub mod problems;
pub mod routes_panel;
pub mod service_search;
pub mod service_view;
pub mod stored_panel;
pub mod teach;
pub mod toolbar;
pub mod traffic_callout;
pub mod undo_notice;
pub mod whatif_menu;

use crate::state::State;
use std::rc::Rc;
use yew::{Properties, UseReducerHandle};

/// For the toolbar, its menus and the embed footer: they re-render on every change of the state,
/// text included (their actions read the text, e.g. a what-if or a download).
#[derive(Properties, PartialEq, Clone)]
pub struct ShellProps {
    pub state: UseReducerHandle<State>,
}

/// For the views of the analysis (diagram, panels): they re-render when what they show changes,
/// not on every keystroke in a large text whose analysis is still under way. So they must not
/// read `state.text`.
#[derive(Properties, Clone)]
pub struct ViewProps {
    pub state: UseReducerHandle<State>,
    /// The state as of this render (the handle always reads the newest state, so it cannot tell
    /// an old render's props from a new one's).
    pub seen: Rc<State>,
}

impl PartialEq for ViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.seen.same_view(&other.seen)
    }
}
