//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane),
//! always off the async runtime.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::model::AppError;

/// The 5,000 most common passwords and every common one of 12 characters or
/// more, from zxcvbn's frequency list (MIT licence, Dropbox), plus a few French ones.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
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

/// The PHC string of a new password.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| AppError::Unavailable)?
    .map_err(|_| AppError::Unavailable)
}

/// Whether `password` matches the stored PHC string.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_another_does_not() {
        let stored = hash("correct horse battery".to_string()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery".to_string(), stored.clone()).await);
        assert!(!verify("wrong horse battery".to_string(), stored).await);
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
