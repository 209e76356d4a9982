//! The traffic diagram of one Service port: what it shows ([`model`], from the analysis), where
//! (geometry for a width, [`layout`]), the picture itself as an SVG element tree ([`draw`], with
//! [`draw_boxes`] and [`draw_trace`]), its colours in the light and the dark theme ([`theme`]),
//! the sentence above it ([`summary`]) and what its details box says ([`details`]). The page
//! turns the tree into its nodes; the CLI and the page's Export write it with [`file`].

pub mod details;
pub mod draw;
pub mod draw_boxes;
pub mod draw_trace;
pub mod element;
pub mod layout;
pub mod model;
pub mod shapes;
pub mod summary;
pub mod theme;

pub use draw::draw;
pub use element::Element;
pub use layout::{layout, LaneGeo, Layout, Rect};
pub use model::{build, percent, Aggregate, Entry, Focus, Lane, Mode, Model, Options, PodItem, PodState};
pub use shapes::{Act, Extras, TraceShown};
pub use theme::Theme;

use crate::{Analysis, ServiceView};

/// The width a diagram file is drawn at (wide: client, ways in and nodes in columns).
pub const FILE_WIDTH: f64 = 1000.0;

/// A diagram as an SVG file on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub text: String,
    /// Its size in pixels.
    pub width: f64,
    pub height: f64,
}

/// The diagram of `v` for `options` as an SVG file on its own, `width` pixels wide, in `theme`:
/// what `svcplay diagram` prints and the page's Export saves.
pub fn file(a: &Analysis, v: &ServiceView, options: &Options, width: f64, theme: Theme) -> File {
    let m = build(a, v, options);
    let g = layout(&m, width);
    let text = theme::standalone(&draw(&m, &g, &Extras::default()), theme, g.width, g.height);
    File { text, width: g.width, height: g.height }
}
