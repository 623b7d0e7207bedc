//! The hot writes' group commit: a session's two rows are written together or not at
//! all, and in a transaction shared by many requests, one request's failure is undone
//! alone while the others commit, each answered with its own outcome; a full queue
//! refuses at once and `/readyz` says the instance is busy.

use std::time::Duration;

use whatsportal::{
    db::{self, group_commit::QUEUE_LIMIT, sessions::NewSession, Engine},
    domain::{ExternalId, Origin, SessionToken, WorkspaceName},
    model::{IntegrationType, Mode},
};

use crate::support::app::{spawn_app, SeededVendor, TestApp, ORIGIN};

/// Stores a session `id` in the workspace of `external_id`, as the vendor API does.
async fn store(
    db: &db::Db,
    vendor: &SeededVendor,
    id: &str,
    external_id: &str,
) -> Result<Option<db::sessions::WorkspaceRef>, sqlx::Error> {
    let now = db::now_ms();
    db::sessions::create_with_workspace(
        db,
        NewSession {
            id,
            token_hash: &SessionToken::generate().hash(),
            vendor_id: &vendor.vendor_id,
            api_key_id: &vendor.key_id,
            mode: Mode::Live,
            external_id: &ExternalId::parse(external_id).unwrap(),
            workspace_name: &WorkspaceName::parse("Grouped Co").unwrap(),
            integration_type: IntegrationType::WhatsApp,
            origin: &Origin::parse(ORIGIN).unwrap(),
            state: None,
            locale: None,
            coexistence: None,
            return_url: None,
            setup_link_id: None,
            prefill: None,
            number_on_page: false,
            created_at: now,
            expires_at: now + 600_000,
        },
    )
    .await
}

async fn workspaces_named(app: &TestApp, external_id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM workspaces WHERE external_id = $1")
        .bind(external_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn sessions_with_id(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM connect_sessions WHERE id = $1")
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_session_whose_second_row_fails_leaves_no_workspace_either() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    assert!(store(&app.db, &vendor, "ses_first", "first")
        .await
        .unwrap()
        .is_some());

    // The workspace row is written first; the session's id is taken, so its row fails.
    let failed = store(&app.db, &vendor, "ses_first", "second").await;
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(workspaces_named(&app, "second").await, 0);
    assert_eq!(workspaces_named(&app, "first").await, 1);
    assert_eq!(sessions_with_id(&app, "ses_first").await, 1);
}

#[tokio::test]
async fn a_failed_write_in_a_group_is_undone_alone_and_each_caller_hears_its_own_outcome() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let vendor = app.seed_vendor().await;
    assert!(store(&app.db, &vendor, "ses_taken", "taken")
        .await
        .unwrap()
        .is_some());
    let transactions_before = app.db.group_commit().transactions();

    // Hold the write connection, so that the writes below queue up and commit together.
    let held = app.db.writer().acquire().await.unwrap();
    let writes: Vec<_> = (0..12)
        .map(|i| {
            let (db, vendor) = (app.db.clone(), vendor.clone());
            // Every third write reuses a taken session id: its rows must not stay.
            let id = if i % 3 == 0 {
                "ses_taken".to_owned()
            } else {
                format!("ses_group_{i}")
            };
            tokio::spawn(async move { store(&db, &vendor, &id, &format!("group-{i}")).await })
        })
        .collect();
    // Give every write time to reach the queue; none can finish while the connection
    // is held.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(writes.iter().all(|write| !write.is_finished()));
    drop(held);

    for (i, write) in writes.into_iter().enumerate() {
        let outcome = write.await.unwrap();
        let external_id = format!("group-{i}");
        if i % 3 == 0 {
            assert!(outcome.is_err(), "write {i}: {outcome:?}");
            assert_eq!(workspaces_named(&app, &external_id).await, 0, "write {i}");
        } else {
            let workspace = outcome.unwrap().expect("stored");
            assert!(workspace.id.starts_with("wsp_"), "write {i}");
            assert_eq!(workspaces_named(&app, &external_id).await, 1, "write {i}");
            assert_eq!(sessions_with_id(&app, &format!("ses_group_{i}")).await, 1);
        }
    }
    // The twelve writes shared one transaction (two, when the committer took the first
    // alone before the others were queued).
    let transactions = app.db.group_commit().transactions() - transactions_before;
    assert!(
        (1..=2).contains(&transactions),
        "{transactions} transactions"
    );
}

#[tokio::test]
async fn a_full_write_queue_refuses_at_once_and_readyz_says_busy_until_it_drains() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let readyz = || async {
        let answer = app
            .client
            .get(format!("{}/readyz", app.address))
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json::<serde_json::Value>().await.unwrap())
    };
    assert_eq!(readyz().await.0, 200);

    // With the write connection held, more writes than the queue takes.
    let held = app.db.writer().acquire().await.unwrap();
    let writes: Vec<_> = (0..QUEUE_LIMIT + 600)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move {
                db.write(|conn| {
                    Box::pin(async move { sqlx::query("SELECT 1").execute(&mut *conn).await })
                })
                .await
                .map(drop)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        readyz().await,
        (
            503,
            serde_json::json!({"status": "busy", "database": "writes queued"})
        )
    );
    let refused_at_once = writes.iter().filter(|w| w.is_finished()).count();
    assert!(refused_at_once > 0, "no write was refused");

    drop(held);
    let mut refused = 0;
    for write in writes {
        if let Err(error) = write.await.unwrap() {
            assert!(db::is_unavailable(&error), "{error}");
            refused += 1;
        }
    }
    // Only the writes refused at once failed; every queued one was committed.
    assert_eq!(refused, refused_at_once);
    assert_eq!(readyz().await.0, 200);
}
