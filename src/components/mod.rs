//! One component per file. Views take [`ViewProps`]: the reducer handle (read the state,
//! dispatch actions).

pub mod app;
pub mod diagram;
pub mod diagram_layout;
pub mod diagram_model;
pub mod dns_panel;
pub mod editor;
pub mod embed;
pub mod endpoints_panel;
pub mod examples_menu;
pub mod problems;
pub mod routes_panel;
pub mod service_view;
pub mod stored_panel;
pub mod toolbar;
pub mod whatif_menu;

use crate::state::State;
use yew::{Properties, UseReducerHandle};

#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub state: UseReducerHandle<State>,
}
