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
    tx.commit().await?;
    db::audit::record(
        db,
        audit(key, "workspace.whatsapp_disconnected", &workspace),
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
