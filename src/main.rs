//! Service Playground: the browser shell over the engine.

mod components;
mod state;

fn main() {
    yew::Renderer::<components::app::App>::new().render();
}
