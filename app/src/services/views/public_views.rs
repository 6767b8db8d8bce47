//! What is read most, kept in memory for a few seconds ([`Shelf`]): the
//! body's identity (in every page's header), the home page's figures (next meeting, groups and their open proposals,
//! latest proposals), the same for everyone, and the parts of a proposal's
//! page that are the same for a whole audience ([`KeptParts`]). The server
//! also keeps, on shelves of its own, the pages anonymous visitors read most.

use std::time::Duration;

use sea_orm::ConnectionTrait;

use super::home;
use crate::model::{AppError, BodyIdentity, HomeData};
use crate::services::backlog::list_index::ListViews;
use crate::services::backlog::proposal_page::KeptParts;
use crate::services::settings;
use crate::services::shelf::Shelf;

#[derive(Debug)]
pub struct PublicViews {
    ttl: Duration,
    home: Shelf<HomeData>,
    /// The body's identity, in the header of every page.
    identity: Shelf<BodyIdentity>,
    /// The parts of proposals' pages.
    pub proposals: KeptParts,
    /// Each person's private calendar feed, by their id, served while what
    /// it was written from is unchanged (`meetings::calendar_feed`).
    pub feeds: Shelf<String>,
    /// The proposals' lists.
    pub lists: ListViews,
}

impl PublicViews {
    /// Views kept `ttl`; zero keeps none.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            home: Shelf::default(),
            identity: Shelf::default(),
            proposals: KeptParts::new(ttl),
            feeds: Shelf::default(),
            lists: ListViews::new(ttl),
        }
    }

    /// How long a view is kept.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Drops the identity kept, once changed through this server; the
    /// others see the change within their time to live.
    pub fn forget_identity(&self) {
        self.identity.forget("");
    }
}

/// The body's identity, kept like the other views.
pub async fn identity(
    views: &PublicViews,
    db: &impl ConnectionTrait,
) -> Result<BodyIdentity, AppError> {
    let kept = views
        .identity
        .get(views.ttl, "", || async {
            Ok::<_, AppError>(settings::identity(db).await?)
        })
        .await?;
    Ok(BodyIdentity::clone(&kept))
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
