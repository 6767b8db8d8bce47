//! What is read most, kept in memory for a few seconds ([`Shelf`]): the
//! home page's figures (next meeting, groups and their open proposals,
//! latest proposals), the same for everyone, and the parts of a proposal's
//! page that are the same for a whole audience ([`KeptParts`]). The server
//! also keeps, on shelves of its own, the pages anonymous visitors read most.

use std::time::Duration;

use sea_orm::ConnectionTrait;

use super::home;
use crate::model::{AppError, HomeData};
use crate::services::backlog::proposal_page::KeptParts;
use crate::services::shelf::Shelf;

#[derive(Debug)]
pub struct PublicViews {
    ttl: Duration,
    home: Shelf<HomeData>,
    /// The parts of proposals' pages.
    pub proposals: KeptParts,
}

impl PublicViews {
    /// Views kept `ttl`; zero keeps none.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            home: Shelf::default(),
            proposals: KeptParts::new(ttl),
        }
    }

    /// How long a view is kept.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }
}

/// The home page's figures, as [`home::load`] at `now`.
pub async fn home(
    views: &PublicViews,
    db: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HomeData, AppError> {
    let data = views
        .home
        .get(views.ttl, "", || home::load(db, now))
        .await?;
    Ok(HomeData::clone(&data))
}
