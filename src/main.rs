//! Service Playground: the browser shell over the engine.

mod bridge;
mod components;
mod later;
mod persist;
mod runner;
mod state;

fn main() {
    // Mounts into <body>: Yew empties it first (the prerendered copy of the first view that
    // scripts/prerender.mjs wrote into index.html goes with it) and renders the app in a microtask
    // of the same task, so no frame shows neither or both. Rendering elsewhere would leave the
    // copy on the page: e2e/prerender.test.mjs checks there is exactly one app.
    yew::Renderer::<components::app::App>::new().render();
}
