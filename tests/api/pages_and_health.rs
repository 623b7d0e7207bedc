//! Health endpoints and the server-rendered home page.

use serde_json::Value;

use crate::support::app::spawn_app;

#[tokio::test]
async fn healthz_and_readyz_answer_json() {
    let app = spawn_app().await;
    for (path, status) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], status, "{path}");
    }
}

#[tokio::test]
async fn readyz_reports_an_unreachable_database() {
    let app = spawn_app().await;
    app.db.close().await;
    let response = app
        .client
        .get(format!("{}/readyz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
    let live = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
}

#[tokio::test]
async fn only_connect_pages_load_the_client() {
    let app = spawn_app().await;
    let response = app.client.get(&app.address).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Let your customers connect WhatsApp Business"),
        "{html}"
    );
    assert!(!html.contains(".wasm"), "the client on {html}");
    assert!(!html.contains("modulepreload"), "the client on {html}");
    // Even the page of an unknown link hydrates (its language and notices).
    let connect = app
        .client
        .get(format!(
            "{}/vendor/connect/whatsapp?session_token=unknown",
            app.address
        ))
        .send()
        .await
        .unwrap();
    let html = connect.text().await.unwrap();
    assert!(html.contains(".wasm"), "no client bundle in {html}");
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let response = app
            .client
            .get(&app.address)
            .header("Accept-Encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}

#[tokio::test]
async fn an_unknown_page_is_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/no/such/page", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn every_answer_turns_off_powerful_features_and_simulated_meta_pages_have_a_csp() {
    let app = spawn_app().await;
    let app_id = whatsportal::simulator::APP_ID;
    for path in [
        "/".to_owned(),
        "/healthz".to_owned(),
        "/docs".to_owned(),
        "/api/openapi.json".to_owned(),
        format!("/meta-sim/dialog?app_id={app_id}"),
        format!("/meta-sim/v23.0/dialog/oauth?client_id={app_id}&redirect_uri=/vendor/connect/return&state=s&response_type=code"),
    ] {
        let response = app
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        let policy = response.headers()["permissions-policy"].to_str().unwrap();
        assert!(
            policy.contains("camera=()") && policy.contains("geolocation=()"),
            "{path}: {policy}"
        );
        if path.starts_with("/meta-sim/") {
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .unwrap();
            assert!(
                csp.starts_with("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
                "{path}: {csp}"
            );
            assert!(!csp.contains("unsafe-inline"), "{csp}");
        }
    }
}
