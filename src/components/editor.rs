use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: Rc<str>,
    pub on_edit: Callback<String>,
}

/// The manifest editor: the single source of truth for everything shown.
#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    html! {
        <textarea class="editor" aria-label="Manifest YAML" spellcheck="false" autocapitalize="off"
            value={props.text.to_string()} {oninput} />
    }
}
