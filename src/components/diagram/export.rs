//! "Export": the diagram on screen as an SVG or PNG file, in the light or the dark theme, for a
//! document or a slide (the copy carries the page's colours for that theme, see
//! [`crate::persist::export_diagram`]). The file is named after the Service.

use crate::persist;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The element holding the diagram's `<svg>`.
    pub canvas: NodeRef,
    /// The file name without extension.
    pub name: String,
    /// The theme selected at first: the one the page shows.
    pub dark: bool,
}

#[function_component(Export)]
pub fn export(props: &ExportProps) -> Html {
    let dark = use_state_eq(|| props.dark);
    let error = use_state_eq(|| None::<String>);
    let run = |png: bool| {
        let (canvas, name, dark, error) = (props.canvas.clone(), props.name.clone(), dark.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(svg) = canvas.cast::<web_sys::Element>().and_then(|c| c.query_selector("svg").ok().flatten())
            else {
                return;
            };
            let theme = if *dark { "dark" } else { "light" };
            let error = error.clone();
            persist::export_diagram(&svg, theme, png, &format!("{name}-{theme}"), move |e| error.set(e));
        })
    };
    let on_theme = {
        let dark = dark.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            dark.set(sel.value() == "dark");
        })
    };
    html! {
        <div class="dg-export" role="group" aria-label="Export the diagram">
            <span class="muted">{ "Export" }</span>
            <select aria-label="Export theme" onchange={on_theme} data-testid="export-theme">
                <option value="light" selected={!*dark}>{ "Light" }</option>
                <option value="dark" selected={*dark}>{ "Dark" }</option>
            </select>
            <button type="button" class="btn" onclick={run(false)} data-testid="export-svg">{ "SVG" }</button>
            <button type="button" class="btn" onclick={run(true)} data-testid="export-png">{ "PNG" }</button>
            if let Some(e) = &*error { <span class="error" role="alert">{ format!("Could not export: {e}") }</span> }
        </div>
    }
}
