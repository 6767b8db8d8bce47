//! Sign-in attempts are limited per address and per account, in the database
//! so that every app server counts the same attempts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::entities::login_attempt;

pub const MAX_ATTEMPTS: u64 = 5;
pub const WINDOW: Duration = Duration::minutes(1);

/// Records an attempt under each key, unless one of them has already used up
/// its attempts in the window; returns whether the attempt may proceed.
pub async fn allow(
    db: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - Duration::hours(1)))
        .exec(db)
        .await?;
    for key in keys {
        let recent = login_attempt::Entity::find()
            .filter(login_attempt::Column::Key.eq(key.as_str()))
            .filter(login_attempt::Column::AttemptedAt.gt(now - WINDOW))
            .count(db)
            .await?;
        if recent >= MAX_ATTEMPTS {
            return Ok(false);
        }
    }
    for key in keys {
        login_attempt::ActiveModel {
            key: Set(key.chars().take(300).collect()),
            attempted_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(true)
}
