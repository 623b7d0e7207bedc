//! The guide served at `/docs`.

use reqwest::header;

use crate::support::app::spawn_app;

#[tokio::test]
async fn the_guide_is_served_with_every_part_and_the_corrected_snippets() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/docs", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().await.unwrap();
    for part in [
        "id=\"before-you-start\"",
        "href=\"/console\"",
        "webhook.test",
        "id=\"backend\"",
        "id=\"sdk\"",
        "id=\"by-hand\"",
        "id=\"react\"",
        "id=\"security\"",
        "id=\"reference\"",
        "/api/openapi.json",
        "id=\"rate-limits\"",
        "Retry-After",
    ] {
        assert!(html.contains(part), "the guide lacks {part}");
    }
    // The limit the guide states is the server's default.
    let default = whatsportal::config::DEFAULT_API_RATE_LIMIT_PER_MINUTE;
    assert!(html.contains(&format!("<strong>{default} requests per minute</strong>")));
    assert!(html.contains(&format!("RateLimit-Policy: {default};w=60")));
    // The hand-written snippet opens the tab before it waits for the session.
    let by_hand = &html[html.find("id=\"by-hand\"").unwrap()..html.find("id=\"react\"").unwrap()];
    assert!(by_hand.find("window.open").unwrap() < by_hand.find("fetch(").unwrap());
    assert!(by_hand.contains("event.source !== tab"));
    let css = app
        .client
        .get(format!("{}/docs/docs.css", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
}

#[tokio::test]
async fn the_guide_documents_every_connection_state_and_every_event_of_the_openapi_document() {
    use whatsportal::model::{ConnectionStatus, Named};
    let app = spawn_app().await;
    let html = app
        .client
        .get(format!("{}/docs", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lifecycle =
        &html[html.find("id=\"lifecycle\"").unwrap()..html.find("id=\"test-mode\"").unwrap()];
    for status in ConnectionStatus::ALL {
        assert!(
            lifecycle.contains(&format!("<code>{}</code>", status.as_str())),
            "{status:?}"
        );
    }
    let doc: serde_json::Value = serde_json::from_str(whatsportal::api::OPENAPI).unwrap();
    let events = doc["webhooks"].as_object().unwrap();
    assert!(events.len() >= 7);
    for (name, event) in events {
        assert!(
            lifecycle.contains(&format!("<code>{name}</code>")),
            "the guide lacks {name}"
        );
        let schema = &event["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema["properties"]["type"]["const"], name.as_str());
    }
    for endpoint in [
        "/api/vendor/test/workspaces/{externalId}/events",
        "DELETE /api/vendor/workspaces/{externalId}",
    ] {
        assert!(html.contains(endpoint), "{endpoint}");
    }
}
