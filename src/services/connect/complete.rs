//! Completing a connect session, for both flows: the connection stored (or the pages),
//! each one's history line, the session consumed with the result its page was answered,
//! and the vendor's event queued (and, for a WhatsApp Business app number, its one-time
//! syncs set to be asked for), in one transaction this service owns. Nothing is
//! written when the session's claim was lost (another call completed it first).

use crate::db::{
    self,
    connection_state::{self, PAGE, WHATSAPP},
    number_readiness::FirstReading,
    page_connections::NewPageConnection,
    webhooks::WebhookEvent,
    whatsapp_connections::NewWhatsAppConnection,
};
use crate::model::ConnectionStatus;

/// What a completion connects.
pub enum Connected<'a> {
    /// The connection, and what Meta said of its number's readiness.
    WhatsApp(NewWhatsAppConnection<'a>, FirstReading<'a>),
    /// Another number beside the workspace's active first one (its token sealed for the
    /// number's row), and its readiness.
    AnotherNumber(NewWhatsAppConnection<'a>, FirstReading<'a>),
    Pages {
        workspace_id: &'a str,
        pages: &'a [NewPageConnection<'a>],
    },
}

/// The claimed session completed.
pub struct Completion<'a> {
    pub session_id: &'a str,
    pub claim_id: &'a str,
    /// What the page was answered (JSON), kept for its repeat.
    pub result: &'a str,
    pub event: &'a WebhookEvent,
}

/// Stores what was connected and consumes the session; `false` (nothing written) when
/// the claim was lost or the workspace erased.
#[tracing::instrument(skip_all)]
pub async fn complete(
    db: &db::Db,
    connected: Connected<'_>,
    completion: Completion<'_>,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    let workspace_id = match &connected {
        Connected::WhatsApp(connection, _) | Connected::AnotherNumber(connection, _) => {
            connection.workspace_id
        }
        Connected::Pages { workspace_id, .. } => *workspace_id,
    };
    // An erasure of the workspace under way finishes first (then nothing is written).
    if !connection_state::hold_workspace(&mut tx, workspace_id).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    match connected {
        Connected::WhatsApp(connection, reading) => {
            db::whatsapp_connections::store_active(&mut tx, &connection).await?;
            db::number_readiness::start(&mut tx, &reading).await?;
            let (workspace, waba) = (connection.workspace_id, connection.waba_id);
            connection_state::record_connected(
                &mut tx,
                workspace,
                WHATSAPP,
                waba,
                connection.status,
            )
            .await?;
            if let (true, Some(phone)) = (connection.coexistence, connection.phone_number_id) {
                // The one-time syncs of a WhatsApp Business app onboarding, to ask for.
                db::coexistence_syncs::start(&mut tx, workspace, phone).await?;
            }
        }
        Connected::AnotherNumber(connection, reading) => {
            db::whatsapp_numbers::add(&mut tx, &connection).await?;
            db::number_readiness::start(&mut tx, &reading).await?;
            let (workspace, waba) = (connection.workspace_id, connection.waba_id);
            let active = ConnectionStatus::Active;
            connection_state::record_connected(&mut tx, workspace, WHATSAPP, waba, active).await?;
        }
        Connected::Pages {
            workspace_id,
            pages,
        } => {
            db::page_connections::store_connected(&mut tx, workspace_id, pages).await?;
            for page in pages {
                let active = ConnectionStatus::Active;
                connection_state::record_connected(
                    &mut tx,
                    workspace_id,
                    PAGE,
                    page.page_id,
                    active,
                )
                .await?;
            }
            db::page_connections::forget_pending(&mut tx, completion.session_id).await?;
        }
    }
    let (session, claim) = (completion.session_id, completion.claim_id);
    if !db::session_claims::consume(&mut tx, session, claim, completion.result).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    db::webhooks::enqueue(&mut tx, completion.event).await?;
    tx.commit().await?;
    Ok(true)
}
