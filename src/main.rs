//! Service Playground: the browser shell over the engine.

mod bridge;
mod components;
mod later;
mod persist;
mod runner;
mod state;

fn main() {
    yew::Renderer::<components::app::App>::new().render();
}
