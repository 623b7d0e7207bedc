//! What a flow's island starts from (`FlowInit`: the session as the flow sees it, its
//! id, the page's texts), carried in its page. The server renders it as JSON in a
//! hidden element beside the island; in the browser the island reads it there with the
//! browser's own parser (`wire`). Island props would be read with `serde_json`, which
//! the client module then had to carry.

use leptos::prelude::*;

use crate::model::connect::{FlowInit, FlowSession};

/// The id of the element that carries the flow's data.
const ELEMENT_ID: &str = "flow-data";

/// Gives the island (rendered on the server next) its data, and renders it into the
/// page for the island in the browser.
pub fn render(init: FlowInit) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let json = serde_json::to_string(&init).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let json = String::new();
    provide_context(init);
    view! { <div id=ELEMENT_ID hidden data-flow=json></div> }
}

/// What a flow's island starts with: gives the components below it the page's texts
/// and answers the session and its id.
pub fn start() -> (FlowSession, String) {
    let FlowInit {
        session,
        session_id,
        texts,
    } = take();
    crate::i18n::provide_texts(texts);
    (session, session_id)
}

/// The flow's data: in the browser from the page, on the server from `render`.
fn take() -> FlowInit {
    #[cfg(feature = "hydrate")]
    {
        use crate::wire::FromJson;
        document()
            .get_element_by_id(ELEMENT_ID)
            .and_then(|element| element.get_attribute("data-flow"))
            .and_then(|json| crate::wire::parse(&json))
            .and_then(|value| FlowInit::from_json(&value))
            .expect("the connect page carries its flow's data")
    }
    #[cfg(not(feature = "hydrate"))]
    expect_context::<FlowInit>()
}
