//! Every answer of every vendor endpoint validates against `/api/openapi.json`.

use reqwest::header;
use serde_json::{json, Value};

use crate::support::app::{session_body, spawn_app, spawn_app_with, TestApp};

/// `value`, or what it refers to when it is a `{"$ref": "#/..."}` into the document.
fn resolved<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => doc
            .pointer(reference.trim_start_matches('#'))
            .expect("the reference resolves"),
        None => value,
    }
}

/// The response the document gives for `method path` answering `status`.
fn documented_response<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> &'a Value {
    let response = &doc["paths"][path][method]["responses"][status.to_string()];
    assert!(
        !response.is_null(),
        "{method} {path} does not document {status}"
    );
    resolved(doc, response)
}

/// `schema` with every `$ref` into the document replaced by what it refers to, so that
/// it compiles on its own.
fn inlined(doc: &Value, schema: &Value) -> Value {
    match schema {
        Value::Object(_) if schema["$ref"].is_string() => inlined(doc, resolved(doc, schema)),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), inlined(doc, value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|item| inlined(doc, item)).collect()),
        other => other.clone(),
    }
}

/// The schema the document gives for `method path` answering `status`.
fn response_schema(doc: &Value, path: &str, method: &str, status: u16) -> Value {
    let response = documented_response(doc, path, method, status);
    inlined(doc, &response["content"]["application/json"]["schema"])
}

/// Asserts that every header the document gives for the answer is sent, and matches
/// its schema (integers parse as integers within their bounds).
fn assert_documented_headers(doc: &Value, path: &str, method: &str, answer: &reqwest::Response) {
    let status = answer.status().as_u16();
    let response = documented_response(doc, path, method, status);
    let Some(headers) = response["headers"].as_object() else {
        return;
    };
    for (name, header) in headers {
        let schema = &resolved(doc, header)["schema"];
        let value = answer
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{method} {path} {status} documents {name}"))
            .to_str()
            .unwrap();
        let value: Value = if schema["type"] == "integer" {
            json!(value.parse::<i64>().expect("an integer header"))
        } else {
            json!(value)
        };
        let validator = jsonschema::validator_for(schema).expect("the header schema compiles");
        assert!(
            validator.is_valid(&value),
            "{name}: {value} against {schema}"
        );
    }
}

/// Asserts that the answer is documented and its JSON body matches its schema.
async fn assert_documented(doc: &Value, path: &str, method: &str, answer: reqwest::Response) {
    let status = answer.status().as_u16();
    assert_documented_headers(doc, path, method, &answer);
    let content_type = answer.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = answer.json().await.unwrap();
    let schema = response_schema(doc, path, method, status);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the document's schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status}: {body} -> {errors:?}"
    );
}

async fn document(app: &TestApp) -> Value {
    let answer = app
        .client
        .get(format!("{}/api/openapi.json", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let doc: Value = answer.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

#[tokio::test]
async fn every_session_answer_matches_the_document() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let vendor = app.seed_vendor().await;
    let path = "/api/vendor/sessions";
    let url = format!("{}{path}", app.address);

    assert_documented(
        &doc,
        path,
        "post",
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await,
    )
    .await;
    let bad = json!({"workspaceName": "", "externalId": "c1", "origin": "https://app.example.com"});
    assert_documented(
        &doc,
        path,
        "post",
        app.create_session(&vendor.api_key, &bad).await,
    )
    .await;
    assert_documented(
        &doc,
        path,
        "post",
        app.create_session(&"0".repeat(64), &session_body("c1"))
            .await,
    )
    .await;
    let get = app.client.get(&url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    assert_documented(&doc, path, "post", get).await;
    let huge = app
        .client
        .post(&url)
        .bearer_auth(&vendor.api_key)
        .header(header::CONTENT_TYPE, "application/json")
        .body(format!("{{\"state\":\"{}\"}}", "x".repeat(20_000)))
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    assert_documented(&doc, path, "post", huge).await;

    // Read back: created, completed (with the posted result), and not found.
    let read_path = "/api/vendor/sessions/{session_id}";
    let created: Value = app
        .create_session(&vendor.api_key, &session_body("c2"))
        .await
        .json()
        .await
        .unwrap();
    let id = created["session_id"].as_str().unwrap();
    let read = |id: String| {
        app.client
            .get(format!("{}/api/vendor/sessions/{id}", app.address))
            .bearer_auth(&vendor.api_key)
            .send()
    };
    assert_documented(&doc, read_path, "get", read(id.to_owned()).await.unwrap()).await;
    app.connected(created["session_token"].as_str().unwrap())
        .await;
    let completed = read(id.to_owned()).await.unwrap();
    assert_eq!(completed.status(), 200);
    assert_documented(&doc, read_path, "get", completed).await;
    assert_documented(&doc, read_path, "get", read("ses_0".into()).await.unwrap()).await;
}

#[tokio::test]
async fn every_setup_link_answer_matches_the_document() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let vendor = app.seed_vendor().await;
    let (list_path, one_path) = (
        "/api/vendor/setup-links",
        "/api/vendor/setup-links/{setup_link_id}",
    );
    let send = |method: reqwest::Method, path: String, body: Option<Value>| {
        let request = app
            .client
            .request(method, format!("{}{path}", app.address))
            .bearer_auth(&vendor.api_key);
        match body {
            Some(body) => request.json(&body),
            None => request,
        }
        .send()
    };
    let made = send(
        reqwest::Method::POST,
        list_path.into(),
        Some(session_body("c1")),
    )
    .await
    .unwrap();
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.unwrap();
    let id = made["setup_link_id"].as_str().unwrap().to_owned();
    let again = send(
        reqwest::Method::POST,
        list_path.into(),
        Some(session_body("c2")),
    )
    .await
    .unwrap();
    assert_documented(&doc, list_path, "post", again).await;
    let mut bad = session_body("c3");
    bad["expiresInDays"] = json!(90);
    let bad = send(reqwest::Method::POST, list_path.into(), Some(bad))
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_documented(&doc, list_path, "post", bad).await;
    let listed = send(reqwest::Method::GET, list_path.into(), None)
        .await
        .unwrap();
    assert_documented(&doc, list_path, "get", listed).await;
    let put = send(reqwest::Method::PUT, list_path.into(), None)
        .await
        .unwrap();
    assert_eq!(put.status(), 405);
    assert_documented(&doc, list_path, "get", put).await;

    // One link: active, completed with its result, revoked, and not found.
    let one = format!("/api/vendor/setup-links/{id}");
    let active = send(reqwest::Method::GET, one.clone(), None).await.unwrap();
    assert_documented(&doc, one_path, "get", active).await;
    let opened = app
        .browser_without_redirects()
        .get(format!("{}{}", app.address, made["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    let location = opened.headers()["location"].to_str().unwrap().to_owned();
    let token = location.split_once("session_token=").unwrap().1.to_owned();
    app.connected(&token).await;
    let completed = send(reqwest::Method::GET, one.clone(), None).await.unwrap();
    assert_eq!(completed.status(), 200);
    assert_documented(&doc, one_path, "get", completed).await;
    let other: Value = send(
        reqwest::Method::POST,
        list_path.into(),
        Some(session_body("c4")),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let other = format!(
        "/api/vendor/setup-links/{}/revoke",
        other["setup_link_id"].as_str().unwrap()
    );
    let revoked = send(reqwest::Method::POST, other, None).await.unwrap();
    assert_eq!(revoked.status(), 200);
    let revoke_path = "/api/vendor/setup-links/{setup_link_id}/revoke";
    assert_documented(&doc, revoke_path, "post", revoked).await;
    let missing = send(
        reqwest::Method::GET,
        "/api/vendor/setup-links/stl_0".into(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(missing.status(), 404);
    assert_documented(&doc, one_path, "get", missing).await;
}

#[tokio::test]
async fn every_workspace_answer_matches_the_document() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let vendor = app.seed_vendor().await;
    let path = "/api/vendor/workspaces/{externalId}";
    let get = |external_id: &str, key: &str| {
        app.client
            .get(format!(
                "{}/api/vendor/workspaces/{external_id}",
                app.address
            ))
            .bearer_auth(key)
            .send()
    };
    let token = app.whatsapp_session(&vendor, "connected").await;
    assert_eq!(app.connect_whatsapp(&token).await.status(), 200);
    app.create_session(&vendor.api_key, &session_body("bare"))
        .await;

    let connected = get("connected", &vendor.api_key).await.unwrap();
    assert_eq!(connected.status(), 200);
    assert_documented(&doc, path, "get", connected).await;
    assert_documented(
        &doc,
        path,
        "get",
        get("bare", &vendor.api_key).await.unwrap(),
    )
    .await;
    let unknown = get("nobody", &vendor.api_key).await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert_documented(&doc, path, "get", unknown).await;
    let malformed = get("a%2Fb", &vendor.api_key).await.unwrap();
    assert_eq!(malformed.status(), 400);
    assert_documented(&doc, path, "get", malformed).await;
    let unauthorized = get("connected", "not-a-key").await.unwrap();
    assert_eq!(unauthorized.status(), 401);
    assert_documented(&doc, path, "get", unauthorized).await;
    let post = app
        .client
        .post(format!("{}/api/vendor/workspaces/connected", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 405);
    assert_documented(&doc, path, "get", post).await;
}

#[tokio::test]
async fn a_rate_limited_answer_matches_the_document() {
    let app = spawn_app_with(|s| s.api_rate_limit_per_minute = 1).await;
    let doc = document(&app).await;
    let vendor = app.seed_vendor().await;
    let path = "/api/vendor/sessions";
    // The key's window opens at its first request: the second one is over the limit.
    let first = app
        .create_session(&vendor.api_key, &session_body("c1"))
        .await;
    assert_eq!(first.status(), 200);
    assert_documented(&doc, path, "post", first).await;
    let limited = app
        .create_session(&vendor.api_key, &session_body("c2"))
        .await;
    assert_eq!(limited.status(), 429);
    assert_documented(&doc, path, "post", limited).await;
}

#[tokio::test]
async fn the_document_refuses_what_the_api_must_never_answer() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let check = |path: &str, method: &str, status: u16, body: Value| {
        let schema = response_schema(&doc, path, method, status);
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
            .is_valid(&body)
    };
    let sessions = "/api/vendor/sessions";
    let workspaces = "/api/vendor/workspaces/{externalId}";
    assert!(!check(
        sessions,
        "post",
        200,
        json!({"session_token": "abc", "connect_url": "/x"})
    ));
    assert!(!check(
        sessions,
        "post",
        400,
        json!({"message": "no error field"})
    ));
    let leaked = json!({"account_id": "wp_1", "externalId": "c", "workspaceName": "W", "livemode": true,
        "whatsapp": null, "pages": [], "access_token": "EAAB..."});
    assert!(!check(workspaces, "get", 200, leaked));
    let bad_time = json!({"account_id": "wp_1", "externalId": "c", "workspaceName": "W", "livemode": true,
        "whatsapp": {"waba_id": "1", "phone_number_id": null, "connected_at": "yesterday"}, "pages": []});
    assert!(!check(workspaces, "get", 200, bad_time));
}
