//! Sign-in failures and reset requests are limited per address and per
//! account, in the database so that every app server counts the same ones.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};

use crate::entities::login_attempt;

/// Attempts one account may make in the window.
pub const PER_ACCOUNT: u64 = 5;
/// Attempts from one address in the window: higher, since the people of one
/// office (a préfecture, an association's premises) share their address.
pub const PER_ADDRESS: u64 = 20;
pub const WINDOW: Duration = Duration::minutes(1);

/// Whether none of `keys` has used up its attempts (the number paired with
/// it) in the window.
pub async fn allow(
    db: &impl ConnectionTrait,
    keys: &[(String, u64)],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - Duration::hours(1)))
        .exec(db)
        .await?;
    for (key, limit) in keys {
        let recent = login_attempt::Entity::find()
            .filter(login_attempt::Column::Key.eq(key.as_str()))
            .filter(login_attempt::Column::AttemptedAt.gt(now - WINDOW))
            .count(db)
            .await?;
        if recent >= *limit {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Counts an attempt under each key.
pub async fn record(
    db: &impl ConnectionTrait,
    keys: &[(String, u64)],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for (key, _) in keys {
        login_attempt::ActiveModel {
            key: Set(key.chars().take(300).collect()),
            attempted_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
