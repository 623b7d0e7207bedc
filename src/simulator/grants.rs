//! Codes and tokens the simulator issued, and what each grants. They live in the
//! database (`db::simulator_grants`), so every instance of the product honours the
//! same ones, and each lives as long as Meta's would: codes 30 seconds, short-lived user
//! tokens 2 hours, business, long-lived and page tokens 60 days. A token handed out
//! again for the same thing (a long-lived exchange, a page listed again) is derived from
//! what it stands for, so repeating a call stores nothing new.

use rand::{rngs::OsRng, TryRngCore};
use sha2::{Digest, Sha256};

use crate::db::{
    self,
    simulator_grants::{NewGrant, StoredGrant},
    Db,
};

/// How long an Embedded Signup code lives, as at Meta.
pub const CODE_LIFETIME_MS: i64 = 30_000;
const SHORT_TOKEN_LIFETIME_MS: i64 = 2 * 3_600_000;
const LONG_TOKEN_LIFETIME_MS: i64 = 60 * 24 * 3_600_000;

const CODE: &str = "code";
const TOKEN: &str = "token";
const PAGE_TOKEN: &str = "page_token";

/// What a login granted.
#[derive(Debug, Clone)]
pub struct Grant {
    /// What faults are aimed at: the WABA id of a WhatsApp grant, the user id of a
    /// Facebook login.
    pub subject: String,
    pub waba_id: Option<String>,
    /// The Facebook user of a Pages login.
    pub user_id: Option<String>,
    /// Test mode: the `health_status` a test key set for this token's numbers.
    pub health: Option<String>,
}

/// A page access token's page.
#[derive(Debug, Clone)]
pub struct PageGrant {
    pub page_id: String,
}

/// Why a code did not exchange.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    Used,
    /// A full-page dialog's code asked for with another `redirect_uri` (or none).
    RedirectMismatch,
}

/// A failure of the simulator's storage.
pub type Stored<T> = Result<T, sqlx::Error>;

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng
        .try_fill_bytes(&mut buf)
        .expect("the operating system's random number generator failed");
    hex::encode(buf)
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl From<StoredGrant> for Grant {
    fn from(stored: StoredGrant) -> Self {
        Self {
            subject: stored.subject,
            waba_id: stored.waba_id,
            user_id: stored.user_id,
            health: stored.health,
        }
    }
}

pub struct Grants {
    db: Db,
}

impl Grants {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    async fn store(
        &self,
        credential: &str,
        kind: &str,
        grant: &Grant,
        page_id: Option<&str>,
        redirect_uri: Option<&str>,
        lifetime_ms: i64,
    ) -> Stored<()> {
        let hash = sha256_hex(credential);
        let new = NewGrant {
            credential_hash: &hash,
            kind,
            subject: &grant.subject,
            waba_id: grant.waba_id.as_deref(),
            user_id: grant.user_id.as_deref(),
            page_id,
            redirect_uri,
            lifetime_ms,
        };
        db::simulator_grants::issue(&self.db, &new).await
    }

    /// A live (unexpired) credential of `kind`.
    async fn live(&self, credential: &str, kind: &str) -> Stored<Option<StoredGrant>> {
        let found = db::simulator_grants::find(&self.db, &sha256_hex(credential), kind).await?;
        Ok(found.filter(|g| g.expires_at > db::now_ms()))
    }

    /// A 30-second code; a full-page dialog's is bound to its `redirect_uri`.
    pub async fn issue_code(&self, grant: Grant, redirect_uri: Option<&str>) -> Stored<String> {
        let code = format!("AQ{}", random_hex(24));
        self.store(&code, CODE, &grant, None, redirect_uri, CODE_LIFETIME_MS)
            .await?;
        Ok(code)
    }

    /// The grant of a code, without using it (for aiming faults).
    pub async fn peek_code(&self, code: &str) -> Stored<Option<Grant>> {
        let found = db::simulator_grants::find(&self.db, &sha256_hex(code), CODE).await?;
        Ok(found.map(Grant::from))
    }

    /// Makes a code expire at once (the "expired code" fault).
    pub async fn expire_code(&self, code: &str) -> Stored<()> {
        db::simulator_grants::expire(&self.db, &sha256_hex(code)).await
    }

    /// Uses a code once and issues a business token for its grant. Like Meta, a code
    /// exchanges only with the `redirect_uri` its dialog was opened with (none for the
    /// SDK's popup).
    pub async fn exchange(
        &self,
        code: &str,
        redirect_uri: Option<&str>,
    ) -> Stored<Result<String, CodeProblem>> {
        let hash = sha256_hex(code);
        let Some(found) = db::simulator_grants::find(&self.db, &hash, CODE).await? else {
            return Ok(Err(CodeProblem::Unknown));
        };
        if found.used_at.is_some() {
            return Ok(Err(CodeProblem::Used));
        }
        if found.expires_at <= db::now_ms() {
            return Ok(Err(CodeProblem::Expired));
        }
        if found.redirect_uri.as_deref() != redirect_uri.filter(|r| !r.is_empty()) {
            return Ok(Err(CodeProblem::RedirectMismatch));
        }
        if !db::simulator_grants::use_once(&self.db, &hash).await? {
            return Ok(Err(CodeProblem::Used));
        }
        let token = format!("EAAS{}", random_hex(32));
        self.store(
            &token,
            TOKEN,
            &Grant::from(found),
            None,
            None,
            LONG_TOKEN_LIFETIME_MS,
        )
        .await?;
        Ok(Ok(token))
    }

    pub async fn token(&self, token: &str) -> Stored<Option<Grant>> {
        Ok(self.live(token, TOKEN).await?.map(Grant::from))
    }

    /// A short-lived user access token for a Facebook login.
    pub async fn issue_token(&self, grant: Grant) -> Stored<String> {
        let token = format!("EAAU{}", random_hex(32));
        self.store(&token, TOKEN, &grant, None, None, SHORT_TOKEN_LIFETIME_MS)
            .await?;
        Ok(token)
    }

    /// The long-lived user token for a short-lived one: the same one each time.
    pub async fn long_lived(&self, short: &str, grant: Grant) -> Stored<String> {
        let token = format!("EAAL{}", sha256_hex(&format!("long-lived:{short}")));
        self.store(&token, TOKEN, &grant, None, None, LONG_TOKEN_LIFETIME_MS)
            .await?;
        Ok(token)
    }

    /// The page access token `/me/accounts` hands `user_token`'s holder for a page: the
    /// same one each time the page is listed.
    pub async fn page_token_for(&self, user_token: &str, page_id: &str) -> Stored<String> {
        let token = format!(
            "EAAP{}",
            sha256_hex(&format!("page:{user_token}:{page_id}"))
        );
        let grant = Grant {
            subject: page_id.to_owned(),
            waba_id: None,
            user_id: None,
            health: None,
        };
        let lifetime = LONG_TOKEN_LIFETIME_MS;
        self.store(&token, PAGE_TOKEN, &grant, Some(page_id), None, lifetime)
            .await?;
        Ok(token)
    }

    pub async fn page_token(&self, token: &str) -> Stored<Option<PageGrant>> {
        let found = self.live(token, PAGE_TOKEN).await?;
        Ok(found
            .and_then(|g| g.page_id)
            .map(|page_id| PageGrant { page_id }))
    }

    /// Ends the tokens of a WABA, a user or a page now.
    pub async fn revoke(
        &self,
        waba_id: Option<&str>,
        user_id: Option<&str>,
        page_id: Option<&str>,
    ) -> Stored<u64> {
        db::simulator_grants::revoke(&self.db, waba_id, user_id, page_id).await
    }
}
