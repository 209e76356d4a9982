//! "Export": the diagram as an SVG or PNG file, in the light or the dark theme, for a document
//! or a slide. The file is the engine's (`engine::present::diagram::file`, the bytes `svcplay
//! diagram` prints for the same input, Service, port and theme), drawn at its fixed width, so it
//! does not depend on the pane's size. It is named after the Service.

use crate::persist;
use engine::present::diagram::{file, Options, Theme, FILE_WIDTH};
use engine::Analysis;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ExportProps {
    pub analysis: Rc<Analysis>,
    /// Index of the Service in `analysis.services`.
    pub service: usize,
    /// The port and frontend shown.
    pub options: Options,
    /// The file name without extension.
    pub name: String,
    /// The theme selected at first: the one the page shows.
    pub dark: bool,
}

impl PartialEq for ExportProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &o.analysis)
            && (self.service, &self.options, &self.name, self.dark) == (o.service, &o.options, &o.name, o.dark)
    }
}

#[function_component(Export)]
pub fn export(props: &ExportProps) -> Html {
    let dark = use_state_eq(|| props.dark);
    let error = use_state_eq(|| None::<String>);
    let run = |png: bool| {
        let (a, service, options, name) =
            (props.analysis.clone(), props.service, props.options.clone(), props.name.clone());
        let (dark, error) = (dark.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(v) = a.services.get(service) else { return };
            let (theme, id) = if *dark { (Theme::Dark, "dark") } else { (Theme::Light, "light") };
            let f = file(&a, v, &options, FILE_WIDTH, theme);
            let error = error.clone();
            persist::export_diagram(&f.text, (f.width, f.height), png, &format!("{name}-{id}"), move |e| error.set(e));
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
