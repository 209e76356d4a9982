//! The traffic diagram of one Service port: what it shows ([`model`], from the analysis), where
//! (geometry for a width, [`layout`]), the sentence above it ([`summary`]) and what its details
//! box says ([`details`]). The app draws the layout as SVG; nothing here draws.

pub mod details;
pub mod layout;
pub mod model;
pub mod summary;

pub use layout::{layout, LaneGeo, Layout, Rect};
pub use model::{build, percent, Aggregate, Entry, Focus, Lane, Mode, Model, Options, PodItem, PodState};
