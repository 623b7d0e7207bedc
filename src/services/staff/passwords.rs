//! Staff passwords: Argon2id hashes in PHC string form, computed on two dedicated
//! threads. Each hash takes 19 MiB for about 20 ms: a fixed pair of threads bounds both
//! the memory (each thread reuses its own 19 MiB) and the CPU that sign-ins can take.
//! The queue in front of them is bounded too: a sign-in that finds it full is answered
//! at once ("busy") instead of waiting behind a flood.

use std::sync::{
    atomic::{AtomicU64, Ordering},
    mpsc::{self, SyncSender, TrySendError},
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
/// Sign-ins waiting for a hashing thread; more are refused at once.
const QUEUE_CAPACITY: usize = 16;

type Job = Box<dyn FnOnce() + Send>;

/// The hashing queue was full: the sign-in is refused, not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many password checks are waiting")]
pub struct Busy;

/// Password checks run since the process started (for tests and measurements).
static CHECKS: AtomicU64 = AtomicU64::new(0);

pub fn checks_run() -> u64 {
    CHECKS.load(Ordering::Relaxed)
}

/// The queue of the hashing threads, started on first use. Process-wide on purpose: it
/// bounds a resource of the process, and holds no state of its own.
fn hashing_queue() -> &'static SyncSender<Job> {
    static QUEUE: OnceLock<SyncSender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = mpsc::sync_channel::<Job>(QUEUE_CAPACITY);
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

fn job<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> (Job, tokio::sync::oneshot::Receiver<T>) {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    (job, result)
}

/// Runs `work` on a hashing thread, waiting for a place in the queue (for work staff
/// asked for: new passwords), without blocking the async workers.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (job, result) = job(work);
    tokio::task::spawn_blocking(move || hashing_queue().send(job))
        .await
        .expect("queueing a hashing job does not panic")
        .expect("the password hashing threads run for the life of the process");
    result.await.expect("a hashing job always answers")
}

/// Runs `work` on a hashing thread if the queue has room; `Busy` at once otherwise.
async fn on_hashing_thread_or_busy<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Busy> {
    let (job, result) = job(work);
    match hashing_queue().try_send(job) {
        Ok(()) => Ok(result.await.expect("a hashing job always answers")),
        Err(TrySendError::Full(_)) => Err(Busy),
        Err(TrySendError::Disconnected(_)) => {
            panic!("the password hashing threads run for the life of the process")
        }
    }
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
/// answers no. A malformed stored hash never matches. `Busy` when the queue is full.
pub async fn verify(password: &str, stored: Option<String>) -> Result<bool, Busy> {
    let password = password.to_owned();
    on_hashing_thread_or_busy(move || {
        CHECKS.fetch_add(1, Ordering::Relaxed);
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
        assert!(verify("correct horse battery", Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("correct horse batterz", Some(stored.clone()))
            .await
            .unwrap());
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_answers_busy_at_once_instead_of_waiting() {
        let checks: Vec<_> = (0..3 * QUEUE_CAPACITY)
            .map(|_| tokio::spawn(verify("a guess", None)))
            .collect();
        let mut busy = 0;
        for check in checks {
            match check.await.unwrap() {
                Ok(matched) => assert!(!matched),
                Err(Busy) => busy += 1,
            }
        }
        // Two threads and the queue take at most QUEUE_CAPACITY + 2 before one is done.
        assert!(
            busy >= QUEUE_CAPACITY - 2,
            "{busy} of {} were refused",
            3 * QUEUE_CAPACITY
        );
    }

    #[tokio::test]
    async fn unknown_accounts_and_broken_hashes_never_match() {
        assert!(!verify("anything at all", None).await.unwrap());
        assert!(!verify("anything at all", Some("not a hash".into()))
            .await
            .unwrap());
    }
}
