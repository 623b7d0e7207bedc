//! Codes and tokens the simulator issued, and what each grants.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use rand::{rngs::OsRng, TryRngCore};

/// How long an Embedded Signup code lives, as at Meta.
pub const CODE_LIFETIME: Duration = Duration::from_secs(30);

/// What a login granted.
#[derive(Debug, Clone)]
pub struct Grant {
    /// What faults are aimed at: the WABA id of a WhatsApp grant, the user id of a
    /// Facebook login.
    pub subject: String,
    pub waba_id: Option<String>,
    /// The Facebook user of a Pages login.
    pub user_id: Option<String>,
}

/// A page access token's page.
#[derive(Debug, Clone)]
pub struct PageGrant {
    pub page_id: String,
}

struct Code {
    grant: Grant,
    issued: Instant,
    used: bool,
    expired: bool,
}

/// Why a code did not exchange.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Unknown,
    Expired,
    Used,
}

#[derive(Default)]
pub struct Grants {
    codes: Mutex<HashMap<String, Code>>,
    tokens: Mutex<HashMap<String, Grant>>,
    page_tokens: Mutex<HashMap<String, PageGrant>>,
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng
        .try_fill_bytes(&mut buf)
        .expect("the operating system's random number generator failed");
    hex::encode(buf)
}

impl Grants {
    pub fn issue_code(&self, grant: Grant) -> String {
        let code = format!("AQ{}", random_hex(24));
        self.codes.lock().expect("simulator lock").insert(
            code.clone(),
            Code {
                grant,
                issued: Instant::now(),
                used: false,
                expired: false,
            },
        );
        code
    }

    /// The grant of a code, without using it (for aiming faults).
    pub fn peek_code(&self, code: &str) -> Option<Grant> {
        self.codes
            .lock()
            .expect("simulator lock")
            .get(code)
            .map(|c| c.grant.clone())
    }

    /// Makes a code expire at once (the "expired code" fault).
    pub fn expire_code(&self, code: &str) {
        if let Some(c) = self.codes.lock().expect("simulator lock").get_mut(code) {
            c.expired = true;
        }
    }

    /// Uses a code once and issues a business token for its grant.
    pub fn exchange(&self, code: &str) -> Result<String, CodeProblem> {
        let grant = {
            let mut codes = self.codes.lock().expect("simulator lock");
            let entry = codes.get_mut(code).ok_or(CodeProblem::Unknown)?;
            if entry.used {
                return Err(CodeProblem::Used);
            }
            if entry.expired || entry.issued.elapsed() > CODE_LIFETIME {
                return Err(CodeProblem::Expired);
            }
            entry.used = true;
            entry.grant.clone()
        };
        let token = format!("EAAS{}", random_hex(32));
        self.tokens
            .lock()
            .expect("simulator lock")
            .insert(token.clone(), grant);
        Ok(token)
    }

    pub fn token(&self, token: &str) -> Option<Grant> {
        self.tokens
            .lock()
            .expect("simulator lock")
            .get(token)
            .cloned()
    }

    /// A user access token for a grant (a Pages login, or a long-lived exchange).
    pub fn issue_token(&self, grant: Grant) -> String {
        let token = format!("EAAU{}", random_hex(32));
        self.tokens
            .lock()
            .expect("simulator lock")
            .insert(token.clone(), grant);
        token
    }

    /// A page access token, handed out with `/me/accounts`.
    pub fn issue_page_token(&self, page_id: &str) -> String {
        let token = format!("EAAP{}", random_hex(32));
        self.page_tokens.lock().expect("simulator lock").insert(
            token.clone(),
            PageGrant {
                page_id: page_id.to_owned(),
            },
        );
        token
    }

    pub fn page_token(&self, token: &str) -> Option<PageGrant> {
        self.page_tokens
            .lock()
            .expect("simulator lock")
            .get(token)
            .cloned()
    }
}
