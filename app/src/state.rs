//! What the server hands to every page render and server function.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::model::AppError;
use crate::services::accounts::retention::Policy;
use crate::services::mail::digests::Schedule;
use crate::services::views::public_views::PublicViews;

#[derive(Clone, Debug)]
pub struct AppState {
    /// For changes, and the reads they depend on (on SQLite, one connection:
    /// SQLite has one writer at a time).
    pub db: DatabaseConnection,
    /// For pages and lists that only read: on SQLite, a pool of connections
    /// reading side by side; on PostgreSQL, the same pool as `db`.
    pub reader: DatabaseConnection,
    /// The address people reach the application at, for links in e-mails.
    pub public_url: String,
    /// The home page's figures, kept a few seconds.
    pub public_views: Arc<PublicViews>,
    /// When the outbox worker sends digests.
    pub digests: Schedule,
    /// How long what people leave behind is kept (« Données personnelles »).
    pub retention: Policy,
}

/// The database connection of the current request.
pub fn db() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.db)
        .ok_or(AppError::Unavailable)
}

/// The connections of the current request that only read.
pub fn reader() -> Result<DatabaseConnection, AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.reader)
        .ok_or(AppError::Unavailable)
}

/// The application's public address, without a trailing slash.
pub fn public_url() -> String {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.public_url.trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// The hour digests leave at, Paris time.
pub fn digest_hour() -> u32 {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.digests)
        .unwrap_or_default()
        .hour()
}

/// The views kept a few seconds.
pub fn public_views() -> Result<Arc<PublicViews>, AppError> {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.public_views)
        .ok_or(AppError::Unavailable)
}

/// The retention periods the server applies.
pub fn retention() -> Policy {
    leptos::prelude::use_context::<AppState>()
        .map(|state| state.retention)
        .unwrap_or_default()
}
