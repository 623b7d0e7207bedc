//! Reading one number's readiness from Meta and telling the vendor when it changed;
//! the rounds that read the due numbers on every instance. Each number's next reading is
//! planned (6 to 7 hours ahead, spreading them) in the statement that takes it, so
//! several instances never read one number at once; one of Meta's changes that may move
//! a number makes it due at once (`db::number_readiness::check_soon`). A round reads a
//! bounded number of numbers.

use std::{sync::Arc, time::Duration};

use rand::Rng;

use super::{
    assess::{assess, Reading},
    deferred, ReadinessView,
};
use crate::{
    db::{
        self, connection_state,
        number_readiness::{NumberRow, Registration},
        webhooks,
    },
    meta::context::MetaContexts,
    model::readiness::CanSend,
    services::{connect::token_rows, webhooks::events},
    shutdown::StopSignal,
};

/// How often a round looks for due numbers, and how many it reads at most.
const ROUND_EVERY: Duration = Duration::from_secs(2);
const PER_ROUND: i64 = 20;
const HOUR_MS: i64 = 3_600_000;
/// A reading Meta could not answer is tried again after 15 minutes.
const RETRY_MS: i64 = HOUR_MS / 4;

fn next_check(now: i64) -> i64 {
    now + 6 * HOUR_MS + rand::rng().random_range(0..HOUR_MS)
}

/// Whether the vendor hears of this reading: what can be sent, or what stands in the
/// way, changed (an unknown reading says nothing).
fn changed(reading: &Reading, before: &(CanSend, String)) -> bool {
    if reading.can_send == CanSend::Unknown {
        return false;
    }
    let (was, was_blockers) = before;
    let was_codes: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(was_blockers)
        .unwrap_or_default()
        .iter()
        .filter_map(|b| b.get("code")?.as_str().map(str::to_owned))
        .collect();
    let codes: Vec<String> = reading
        .codes()
        .iter()
        .map(|c| crate::model::Named::as_str(*c).to_owned())
        .collect();
    *was != reading.can_send || was_codes != codes
}

/// Stores the reading and queues the vendor's event when it changed, in one
/// transaction; nothing when the connection no longer holds the number.
async fn store(
    db: &db::Db,
    row: &NumberRow,
    reading: &Reading,
    registration: (Registration, Option<&str>),
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    let Some(connection) = connection_state::whatsapp_of(&mut tx, &row.workspace_id).await? else {
        return tx.rollback().await;
    };
    if !db::number_readiness::holds_active(&mut tx, &row.workspace_id, &row.phone_number_id).await?
    {
        return tx.rollback().await;
    }
    let blockers = reading.blockers_json();
    let Some(before) =
        db::number_readiness::record(&mut tx, row, reading.can_send, &blockers).await?
    else {
        return tx.rollback().await;
    };
    if changed(reading, &before) {
        let view = ReadinessView::read_now(reading, registration);
        let view = serde_json::to_value(view).unwrap_or_default();
        let ids = (row.waba_id.as_str(), row.phone_number_id.as_str());
        let event =
            events::whatsapp_readiness(&connection.owner, ids, view, reading.can_send, reason);
        webhooks::enqueue(&mut tx, &event).await?;
    }
    tx.commit().await
}

/// Reads one number from Meta (registering it first when its display name was approved
/// since the signup) and stores what it found.
pub async fn refresh(
    db: &db::Db,
    metas: &MetaContexts,
    row: &NumberRow,
) -> Result<(), sqlx::Error> {
    let meta = metas.for_mode(row.mode);
    let (Some(sealed), Some(key_id)) = (&row.token_ciphertext, &row.token_key_id) else {
        return Ok(());
    };
    let name = match row.first_number {
        1 => token_rows::whatsapp(&row.workspace_id),
        _ => token_rows::number(&row.workspace_id, &row.phone_number_id),
    };
    let opened = meta.keyring.open(key_id, sealed, &name).ok();
    let Some(token) = opened.and_then(|plain| String::from_utf8(plain).ok()) else {
        tracing::warn!(workspace_id = %row.workspace_id, "a readiness check found a token that does not open");
        return Ok(());
    };
    let read = async || {
        meta.graph
            .phone_number_state(&row.phone_number_id, &token)
            .await
    };
    let mut state = match read().await {
        Ok(state) => state,
        Err(e) => {
            tracing::warn!(error = %e, workspace_id = %row.workspace_id, "a readiness check got no answer");
            return db::number_readiness::plan(db, row, db::now_ms() + RETRY_MS).await;
        }
    };
    let mut registration = row.registration();
    let mut registration_error = row.registration_error.clone();
    let mut reason = "health_check";
    let approved = !state.name_awaits_approval();
    if registration == Registration::AwaitingName && approved && !state.is_registered() {
        if let Some(outcome) = deferred::register(db, meta, row, &token).await? {
            registration = outcome.registration();
            reason = outcome.reason();
            registration_error = outcome.error().map(str::to_owned);
            if let Ok(again) = read().await {
                state = again;
            }
        }
    } else if registration == Registration::AwaitingName && state.is_registered() {
        // Registered by other means meanwhile: nothing is left to wait for.
        db::number_readiness::forget_registration(db, row).await?;
        registration = Registration::Done;
    }
    let error = registration_error.as_deref();
    let reading = assess(&state, registration, error);
    store(db, row, &reading, (registration, error), reason).await
}

/// What a round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub numbers: usize,
}

/// One round: the due numbers, at most `PER_ROUND`.
pub async fn check_due(db: &db::Db, metas: &MetaContexts) -> Result<Checked, sqlx::Error> {
    let now = db::now_ms();
    let mut found = Checked::default();
    for row in db::number_readiness::due(db, now, PER_ROUND).await? {
        if !db::number_readiness::claim_check(db, &row, next_check(now)).await? {
            continue;
        }
        found.numbers += 1;
        refresh(db, metas, &row).await?;
    }
    Ok(found)
}

/// Runs the rounds until `stop` fires (a round under way is finished).
pub fn spawn(
    db: db::Db,
    metas: Arc<MetaContexts>,
    stop: StopSignal,
) -> tokio::task::JoinHandle<()> {
    stop.every(ROUND_EVERY, move || {
        let (db, metas) = (db.clone(), metas.clone());
        async move {
            if let Err(e) = check_due(&db, &metas).await {
                tracing::warn!(error = %e, "the readiness check failed");
            }
        }
    })
}
