//! Staff passwords: Argon2id hashes in PHC string form, computed on two dedicated
//! threads. Each hash takes 19 MiB for about 20 ms: a fixed pair of threads bounds both
//! the memory (each thread reuses its own 19 MiB) and the CPU that sign-ins can take,
//! however many arrive at once; the others wait their turn.

use std::sync::{
    mpsc::{self, Sender},
    Arc, Mutex, OnceLock,
};

use argon2::{
    password_hash::{Output, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
};
use rand::{rngs::OsRng, TryRngCore};

use crate::domain::NewPassword;

/// OWASP's minimum for Argon2id: 19 MiB of memory, two passes, one lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;
const OUTPUT_BYTES: usize = 32;

fn hasher(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn current_params() -> Params {
    Params::new(MEMORY_KIB, PASSES, LANES, Some(OUTPUT_BYTES)).expect("valid Argon2 parameters")
}

thread_local! {
    /// Each hashing thread's working memory, allocated once and reused: allocating
    /// 19 MiB per hash made the allocator keep every one of them.
    static MEMORY: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The raw Argon2id output of `password` with `salt` under `params`.
fn compute(password: &[u8], salt: &[u8], params: Params, out: &mut [u8]) -> bool {
    MEMORY.with_borrow_mut(|memory| {
        memory.resize(params.block_count(), Block::default());
        hasher(params)
            .hash_password_into_with_memory(password, salt, out, memory.as_mut_slice())
            .is_ok()
    })
}

fn hash_now(password: &str) -> String {
    let mut salt = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut salt)
        .expect("the operating system's random number generator failed");
    let salt_text = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    let params = current_params();
    let mut out = [0u8; OUTPUT_BYTES];
    assert!(
        compute(password.as_bytes(), &salt, params.clone(), &mut out),
        "Argon2 hashing with valid parameters"
    );
    PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: params
            .try_into()
            .expect("Argon2 parameters as PHC parameters"),
        salt: Some(salt_text.as_salt()),
        hash: Some(Output::new(&out).expect("32 bytes make a valid output")),
    }
    .to_string()
}

/// Whether `password` matches the PHC string `stored` (compared in constant time).
fn matches(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(params), Some(salt), Some(expected)) =
        (Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    if parsed.algorithm != argon2::ARGON2ID_IDENT || params.m_cost() > 4 * MEMORY_KIB {
        return false;
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    compute(password.as_bytes(), salt, params, &mut out)
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

/// A hash nobody's password matches, so that signing in as an unknown account costs
/// the same work as a known one.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_now(NewPassword::generate().expose()))
}

const HASHING_THREADS: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads, started on first use. Process-wide on purpose: it
/// bounds a resource of the process, and holds no state of its own.
fn hashing_queue() -> &'static Sender<Job> {
    static QUEUE: OnceLock<Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..HASHING_THREADS {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("password-hashing-{n}"))
                .spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("start a password hashing thread");
        }
        sender
    })
}

/// Runs `work` on a hashing thread and waits for it without blocking the async workers.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    hashing_queue()
        .send(job)
        .expect("the password hashing threads run for the life of the process");
    result.await.expect("a hashing job always answers")
}

/// Computes the decoy hash ahead of the first sign-in, so that even the first unknown
/// account costs no more than a known one.
pub async fn prepare() {
    on_hashing_thread(|| {
        decoy_hash();
    })
    .await;
}

/// The Argon2id hash of a new password.
pub async fn hash(password: &NewPassword) -> String {
    let password = password.clone();
    on_hashing_thread(move || hash_now(password.expose())).await
}

/// Whether `password` matches `stored`; with no stored hash, does the same work and
/// answers no. A malformed stored hash never matches.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_owned();
    on_hashing_thread(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| decoy_hash().to_owned());
        let matches = matches(&password, &stored);
        known && matches
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_minimum_cost_and_verify() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        let stored = hash(&password).await;
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery", Some(stored.clone())).await);
        assert!(!verify("correct horse batterz", Some(stored.clone())).await);
        assert_ne!(stored, hash(&password).await, "every hash has its own salt");
    }

    #[test]
    fn hashes_agree_with_the_reference_hasher_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_now("interop password");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"interop password", &parsed)
            .is_ok());
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let reference = hasher(current_params())
            .hash_password(b"interop password", &salt)
            .unwrap()
            .to_string();
        assert!(matches("interop password", &reference));
        assert!(!matches("interop passworD", &reference));
    }

    #[tokio::test]
    async fn unknown_accounts_and_broken_hashes_never_match() {
        assert!(!verify("anything at all", None).await);
        assert!(!verify("anything at all", Some("not a hash".into())).await);
    }
}
