use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// What can go wrong behind a page, told in French to the person using it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("La page demandée n'existe pas.")]
    NotFound,
    #[error("Vous devez vous connecter pour accéder à cette page.")]
    Unauthenticated,
    #[error("Vous n'avez pas les droits nécessaires pour cette action.")]
    Forbidden,
    #[error("{0}")]
    Invalid(String),
    #[error(
        "Le service est momentanément indisponible. Veuillez réessayer dans quelques instants."
    )]
    Unavailable,
    #[error("La communication avec le serveur a échoué : {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Unavailable
    }
}

/// What a unique or foreign-key violation means for the person who caused
/// it. Such a violation is bad input (a number already taken, a row chosen
/// that is gone), never an outage: the services that can hit one say so in
/// French instead of « service momentanément indisponible ».
#[cfg(feature = "ssr")]
pub trait ConstraintMeaning<T> {
    /// A violation becomes `AppError::Invalid(message)`; any other database
    /// error stays an outage.
    fn or_invalid(self, message: impl Into<String>) -> Result<T, AppError>;
}

#[cfg(feature = "ssr")]
impl<T> ConstraintMeaning<T> for Result<T, sea_orm::DbErr> {
    fn or_invalid(self, message: impl Into<String>) -> Result<T, AppError> {
        self.map_err(|err| match err.sql_err() {
            Some(violation) => {
                tracing::info!(%violation, "constraint refused a change");
                AppError::Invalid(message.into())
            }
            None => AppError::from(err),
        })
    }
}
