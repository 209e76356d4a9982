use super::{
    diagram::Diagram, dns_panel::DnsPanel, editor::Editor, endpoints_panel::EndpointsPanel, problems::Problems,
    routes_panel::RoutesPanel, service_view::ServiceViewPanel, stored_panel::StoredPanel, toolbar::Toolbar,
};
use crate::state::{Action, State, Tab};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let on_edit = {
        let state = state.dispatcher();
        Callback::from(move |text: String| state.dispatch(Action::Edit(text)))
    };
    let tab = state.tab;
    let errors = state.analysis.diagnostics.len();
    let tabs = html! {
        <div class="tabs" role="tablist" aria-label="Views">
            { for Tab::ALL.into_iter().map(|t| {
                let d = state.dispatcher();
                let selected = t == tab;
                html! {
                    <button role="tab" id={format!("tab-{}", t.id())} aria-selected={selected.to_string()}
                        aria-controls="view" class={classes!("tab", selected.then_some("active"))}
                        onclick={Callback::from(move |_| d.dispatch(Action::SelectTab(t)))}>
                        { t.label() }
                        if t == Tab::Problems && errors > 0 { <span class="count">{ errors }</span> }
                    </button>
                }
            }) }
        </div>
    };
    let view = match tab {
        Tab::Diagram => html! { <Diagram state={state.clone()} /> },
        Tab::Endpoints => html! { <EndpointsPanel state={state.clone()} /> },
        Tab::Dns => html! { <DnsPanel state={state.clone()} /> },
        Tab::Routes => html! { <RoutesPanel state={state.clone()} /> },
        Tab::Stored => html! { <StoredPanel state={state.clone()} /> },
        Tab::Problems => html! { <Problems state={state.clone()} /> },
    };
    html! {
        <div class="app">
            <Toolbar state={state.clone()} />
            if let Some(n) = &state.notice {
                <div class="notice" role="status">
                    <span>{ n }</span>
                    <button class="link" onclick={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(Action::Notice(None))) }}>{ "Dismiss" }</button>
                </div>
            }
            <main class="layout">
                <section class="pane editor-pane" aria-label="Editor">
                    <Editor text={state.text.clone()} on_edit={on_edit} />
                </section>
                <section class="pane results-pane" aria-label="Results">
                    <ServiceViewPanel state={state.clone()} />
                    { tabs }
                    <div id="view" role="tabpanel" aria-labelledby={format!("tab-{}", tab.id())}>{ view }</div>
                </section>
            </main>
        </div>
    }
}
