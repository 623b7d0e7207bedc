//! What a vendor's server asks of a connection: disconnect the WhatsApp account or a
//! page (the app's subscription ended at Meta, the token forgotten, the vendor's event
//! sent), or erase the whole workspace. Each is idempotent.

use crate::{
    db::{
        self,
        audit::AuditEntry,
        connection_state::{self, Move},
        connection_tokens::StoredToken,
        webhooks,
        workspace_reports::WorkspaceLine,
    },
    domain::MetaId,
    meta::context::MetaContexts,
    model::ConnectionStatus,
    services::{
        connect::token_rows,
        vendors::{api_auth::VendorKey, workspace_status},
        webhooks::events,
        ServiceError,
    },
};

const VENDOR_DISCONNECTED: &str = "vendor_disconnected";

fn audit<'a>(key: &'a VendorKey, action: &'a str, workspace: &'a WorkspaceLine) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "api_key",
        actor_id: Some(&key.key_id),
        action,
        target_kind: Some("workspace"),
        target_id: Some(&workspace.account_id),
        vendor_id: Some(&key.vendor_id),
        ..AuditEntry::default()
    }
}

/// Ends the app's subscription at Meta with the stored token. Best effort: a token Meta
/// no longer honours cannot unsubscribe, and the connection is ended here either way.
async fn unsubscribe(metas: &MetaContexts, token: &StoredToken, row: &str) {
    let meta = metas.for_mode(token.mode);
    let Ok(plain) = meta
        .keyring
        .open(&token.key_id, &token.token_ciphertext, row)
    else {
        return;
    };
    let plain = String::from_utf8_lossy(&plain);
    if let Err(e) = meta.graph.unsubscribe_app(&token.subject_id, &plain).await {
        tracing::warn!(error = %e, workspace_id = %token.workspace_id, "ending the subscription at Meta failed");
    }
}

/// Ends the subscription of the workspace's WhatsApp account, if a token is kept.
async fn unsubscribe_whatsapp(
    db: &db::Db,
    metas: &MetaContexts,
    workspace_id: &str,
) -> Result<(), ServiceError> {
    if let Some(token) = db::connection_tokens::whatsapp(db, workspace_id).await? {
        unsubscribe(metas, &token, &token_rows::whatsapp(workspace_id)).await;
    }
    Ok(())
}

/// Ends the subscription of one page of the workspace, if its token is kept.
async fn unsubscribe_page(
    db: &db::Db,
    metas: &MetaContexts,
    workspace_id: &str,
    page_id: &str,
) -> Result<(), ServiceError> {
    if let Some(token) = db::connection_tokens::page(db, workspace_id, page_id).await? {
        unsubscribe(metas, &token, &token_rows::page(workspace_id, page_id)).await;
    }
    Ok(())
}

const BY_VENDOR: Move<'static> = Move {
    status: ConnectionStatus::Disconnected,
    reason: VENDOR_DISCONNECTED,
    detail: None,
    drop_token: true,
    source: "vendor_api",
};

/// Disconnects the workspace's WhatsApp account.
pub async fn disconnect_whatsapp(
    db: &db::Db,
    metas: &MetaContexts,
    key: &VendorKey,
    external_id: &str,
) -> Result<(), ServiceError> {
    let workspace = workspace_status::line_of(db, key, external_id).await?;
    unsubscribe_whatsapp(db, metas, &workspace.id).await?;
    let mut tx = db.writer().begin().await?;
    let Some(connection) = connection_state::whatsapp_of(&mut tx, &workspace.id).await? else {
        return Ok(());
    };
    if connection.is_ended() {
        return Ok(());
    }
    connection_state::move_whatsapp(&mut tx, &connection, &BY_VENDOR).await?;
    let event = events::whatsapp_disconnected(&connection, VENDOR_DISCONNECTED);
    webhooks::enqueue(&mut tx, &event).await?;
    // Every number the workspace added goes with it.
    let to = (ConnectionStatus::Disconnected, VENDOR_DISCONNECTED, true);
    for number in db::whatsapp_numbers::move_numbers(&mut tx, &workspace.id, None, to).await? {
        let ids = (number.waba_id.as_str(), number.phone_number_id.as_str());
        let event = events::number_disconnected(&connection.owner, ids, VENDOR_DISCONNECTED);
        webhooks::enqueue(&mut tx, &event).await?;
    }
    tx.commit().await?;
    db::audit::record(
        db,
        audit(key, "workspace.whatsapp_disconnected", &workspace),
    )
    .await?;
    Ok(())
}

/// Disconnects one WhatsApp number of the workspace and leaves the others. The first
/// number's place goes to the oldest active added number (its token sealed again for
/// that place); without one, it is the whole connection's disconnect. `NotFound` for a
/// number the workspace never held.
pub async fn disconnect_number(
    db: &db::Db,
    metas: &MetaContexts,
    key: &VendorKey,
    external_id: &str,
    phone_number_id: &str,
) -> Result<(), ServiceError> {
    let workspace = workspace_status::line_of(db, key, external_id).await?;
    let phone = MetaId::parse("phoneNumberId", phone_number_id)?;
    let phone = phone.as_str();
    let not_found =
        || ServiceError::NotFound("No WhatsApp number with this id in this workspace".into());
    let mut tx = db.writer().begin().await?;
    let connection = connection_state::whatsapp_of(&mut tx, &workspace.id)
        .await?
        .ok_or_else(not_found)?;
    if connection.phone_number_id.as_deref() != Some(phone) {
        let number = db::whatsapp_numbers::find(&mut tx, &workspace.id, phone)
            .await?
            .ok_or_else(not_found)?;
        if number.status == ConnectionStatus::Disconnected {
            return Ok(());
        }
        db::whatsapp_numbers::disconnect(&mut tx, &workspace.id, phone, VENDOR_DISCONNECTED)
            .await?;
        let ids = (number.waba_id.as_str(), phone);
        let event = events::number_disconnected(&connection.owner, ids, VENDOR_DISCONNECTED);
        webhooks::enqueue(&mut tx, &event).await?;
        tx.commit().await?;
        db::audit::record(
            db,
            audit(key, "workspace.whatsapp_number_disconnected", &workspace),
        )
        .await?;
        return Ok(());
    }
    let Some(next) = db::whatsapp_numbers::first_active(&mut tx, &workspace.id).await? else {
        tx.rollback().await?;
        return disconnect_whatsapp(db, metas, key, external_id).await;
    };
    // The next number takes the first place: its token is sealed again for that row.
    let keyring = &metas.for_mode(connection.owner.mode).keyring;
    let (Some(sealed), Some(key_id)) = (&next.token_ciphertext, &next.key_id) else {
        return Err(not_found());
    };
    let from = token_rows::number(&workspace.id, &next.phone_number_id);
    let plain = keyring
        .open(key_id, sealed, &from)
        .map_err(|_| sqlx::Error::Decode("a stored number token did not open".into()))?;
    let resealed = keyring.seal(&plain, &token_rows::whatsapp(&workspace.id));
    db::whatsapp_numbers::take_first_place(&mut tx, &next, &resealed).await?;
    db::whatsapp_numbers::remove(&mut tx, &workspace.id, &next.phone_number_id).await?;
    // The number that left stays listed, disconnected.
    db::whatsapp_numbers::keep_left(&mut tx, &connection, VENDOR_DISCONNECTED).await?;
    let event = events::whatsapp_disconnected(&connection, VENDOR_DISCONNECTED);
    webhooks::enqueue(&mut tx, &event).await?;
    tx.commit().await?;
    db::audit::record(
        db,
        audit(key, "workspace.whatsapp_number_disconnected", &workspace),
    )
    .await?;
    Ok(())
}

/// Disconnects one page of the workspace; `NotFound` when the page was never connected to it.
pub async fn disconnect_page(
    db: &db::Db,
    metas: &MetaContexts,
    key: &VendorKey,
    external_id: &str,
    page_id: &str,
) -> Result<(), ServiceError> {
    let workspace = workspace_status::line_of(db, key, external_id).await?;
    let page_id = MetaId::parse("pageId", page_id)?;
    let not_found = || ServiceError::NotFound("No page with this id in this workspace".into());
    unsubscribe_page(db, metas, &workspace.id, page_id.as_str()).await?;
    let mut tx = db.writer().begin().await?;
    let page = connection_state::page_of(&mut tx, &workspace.id, page_id.as_str())
        .await?
        .ok_or_else(not_found)?;
    if page.is_ended() {
        return Ok(());
    }
    connection_state::move_page(&mut tx, &page, &BY_VENDOR, false).await?;
    let event = events::page_disconnected(&page, VENDOR_DISCONNECTED);
    webhooks::enqueue(&mut tx, &event).await?;
    tx.commit().await?;
    db::audit::record(db, audit(key, "workspace.page_disconnected", &workspace)).await?;
    Ok(())
}

/// Erases the workspace and everything of it (subscriptions at Meta ended first); the
/// audit log keeps that it happened.
pub async fn erase_workspace(
    db: &db::Db,
    metas: &MetaContexts,
    key: &VendorKey,
    external_id: &str,
) -> Result<(), ServiceError> {
    let workspace = workspace_status::line_of(db, key, external_id).await?;
    unsubscribe_whatsapp(db, metas, &workspace.id).await?;
    for page in db::workspace_reports::pages_of(db, std::slice::from_ref(&workspace.id)).await? {
        unsubscribe_page(db, metas, &workspace.id, &page.page_id).await?;
    }
    db::workspace_erasure::erase(db, &workspace.id).await?;
    db::audit::record(db, audit(key, "workspace.erased", &workspace)).await?;
    Ok(())
}
