//! Password hashing with argon2id, always off the async runtime. OWASP lists
//! parameter sets of equal strength; Écoute takes the one that holds least
//! memory (7 MiB, 5 passes, 1 lane): each hash running holds it all.
//! Hashes made with other parameters (19 MiB, 2 passes, before December 2026)
//! still verify, and are made anew at the next sign-in.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use tokio::sync::Semaphore;

use crate::model::AppError;

/// The 5,000 most common passwords and every common one of 12 characters or
/// more, from zxcvbn's frequency list (MIT licence, Dropbox), plus a few French ones.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

const MEMORY_KIB: u32 = 7 * 1024;
const PASSES: u32 = 5;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether a stored PHC string was made with today's algorithm and
/// parameters (else it is made anew when its password is next given).
pub fn is_current(stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        parsed.algorithm == Algorithm::Argon2id.ident()
            && Params::try_from(&parsed).is_ok_and(|params| {
                params.m_cost() == MEMORY_KIB
                    && params.t_cost() == PASSES
                    && params.p_cost() == LANES
            })
    })
}

/// Checks a new password against the rules, in French.
pub fn validate(password: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(AppError::Invalid(format!(
            "Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
        )));
    }
    if length > MAX_LENGTH {
        return Err(AppError::Invalid(format!(
            "Le mot de passe doit contenir au plus {MAX_LENGTH} caractères."
        )));
    }
    if COMMON.contains(password.to_lowercase().as_str()) {
        return Err(AppError::Invalid(
            "Ce mot de passe fait partie des plus courants : choisissez-en un autre, par exemple une phrase de plusieurs mots.".into(),
        ));
    }
    Ok(())
}

/// What the person is told when every core is hashing and the queue is full.
pub const BUSY: &str =
    "Le service de connexion est très sollicité : réessayez dans quelques secondes.";

/// A bounded pool for hashing: so many hashes run at once, so many in all
/// are in the pool (running or waiting their turn), and beyond that the
/// caller is told to try again at once rather than join a queue that only
/// grows. Each argon2 hash holds
/// its memory (7 MiB), so the pool bounds the memory that passwords take.
pub struct HashPool {
    running: Arc<Semaphore>,
    waiting: Semaphore,
    now_running: Arc<AtomicUsize>,
    most_running: Arc<AtomicUsize>,
}

impl HashPool {
    pub fn new(at_once: usize, in_all: usize) -> Self {
        HashPool {
            running: Arc::new(Semaphore::new(at_once)),
            waiting: Semaphore::new(in_all.max(at_once)),
            now_running: Arc::new(AtomicUsize::new(0)),
            most_running: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The most hashes this pool ever ran at once.
    pub fn most_running(&self) -> usize {
        self.most_running.load(Ordering::SeqCst)
    }

    /// Runs `work` on a blocking thread once a place is free, or answers
    /// [`BUSY`]. The place goes with the work, so a request that gives up
    /// does not free it while the hash still runs.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let _queued = self
            .waiting
            .try_acquire()
            .map_err(|_| AppError::Invalid(BUSY.into()))?;
        let place = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| AppError::Unavailable)?;
        let (now_running, most_running) = (self.now_running.clone(), self.most_running.clone());
        tokio::task::spawn_blocking(move || {
            let running = now_running.fetch_add(1, Ordering::SeqCst) + 1;
            most_running.fetch_max(running, Ordering::SeqCst);
            let result = work();
            now_running.fetch_sub(1, Ordering::SeqCst);
            drop(place);
            result
        })
        .await
        .map_err(|_| AppError::Unavailable)
    }
}

/// How many hashes run at once: one per core.
pub fn capacity() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The server's pool: a hash per core, eight per core in all.
pub fn pool() -> &'static HashPool {
    static POOL: LazyLock<HashPool> = LazyLock::new(|| HashPool::new(capacity(), capacity() * 8));
    &POOL
}

/// The PHC string of a new password.
pub async fn hash(password: String) -> Result<String, AppError> {
    pool()
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await?
        .map_err(|_| AppError::Unavailable)
}

/// Whether `password` matches the stored PHC string; [`BUSY`] when no core
/// is free for it.
pub async fn verify(password: String, stored: String) -> Result<bool, AppError> {
    pool()
        .run(move || {
            PasswordHash::new(&stored)
                .map(|parsed| {
                    hasher()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_another_does_not() {
        let stored = hash("correct horse battery".to_string()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
        assert!(is_current(&stored));
        assert!(verify("correct horse battery".to_string(), stored.clone())
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".to_string(), stored)
            .await
            .unwrap());
        assert!(pool().most_running() <= capacity());
    }

    #[tokio::test]
    async fn a_hash_of_earlier_parameters_still_verifies_and_is_not_current() {
        // "correct horse battery" hashed with 19 MiB and 2 passes.
        let earlier = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM";
        assert!(!is_current(earlier));
        assert!(
            verify("correct horse battery".to_string(), earlier.to_string())
                .await
                .unwrap()
        );
        assert!(!is_current("pas un hachage"));
    }

    #[tokio::test]
    async fn the_pool_runs_so_many_at_once_queues_so_many_and_refuses_the_rest() {
        let pool = Arc::new(HashPool::new(2, 6));
        let gate = Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let busy = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (pool, gate, busy) = (pool.clone(), gate.clone(), busy.clone());
                tokio::spawn(async move {
                    let result = pool
                        .run(move || {
                            let (open, opened) = &*gate;
                            let mut open = open.lock().unwrap();
                            while !*open {
                                open = opened.wait(open).unwrap();
                            }
                        })
                        .await;
                    if result.is_err() {
                        busy.fetch_add(1, Ordering::SeqCst);
                    }
                    result
                })
            })
            .collect();
        // The 44 beyond the two running and the four waiting are told at
        // once, while two hashes hold the pool's places.
        let mut turns = 0;
        while busy.load(Ordering::SeqCst) < 44 || pool.now_running.load(Ordering::SeqCst) < 2 {
            assert!(
                turns < 10_000_000,
                "{} refused, {} running",
                busy.load(Ordering::SeqCst),
                pool.now_running.load(Ordering::SeqCst)
            );
            tokio::task::yield_now().await;
            std::thread::yield_now();
            turns += 1;
        }
        *gate.0.lock().unwrap() = true;
        gate.1.notify_all();
        let mut ran = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => ran += 1,
                Err(err) => assert_eq!(err.to_string(), BUSY),
            }
        }
        assert_eq!(ran, 6);
        assert_eq!(pool.most_running(), 2);
    }

    #[test]
    fn length_rules_are_explained_in_french() {
        assert!(validate("court")
            .unwrap_err()
            .to_string()
            .contains("au moins 12"));
        assert!(validate(&"x".repeat(129))
            .unwrap_err()
            .to_string()
            .contains("au plus 128"));
        assert!(validate("une phrase de passe assez longue").is_ok());
        assert!(validate("Qwerty123456")
            .unwrap_err()
            .to_string()
            .contains("plus courants"));
        assert!(validate("1qaz2wsx3edc").is_err());
    }
}
