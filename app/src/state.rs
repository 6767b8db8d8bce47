//! What the server hands to every page render and server function.

use sea_orm::DatabaseConnection;

use crate::model::AppError;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: DatabaseConnection,
    /// The address people reach the application at, for links in e-mails.
    pub public_url: String,
}

/// The database connection of the current request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.db)
        .ok_or(AppError::Unavailable)
}

/// The application's public address, without a trailing slash.
pub fn public_url() -> String {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.public_url.trim_end_matches('/').to_string())
        .unwrap_or_default()
}
