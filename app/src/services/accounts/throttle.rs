//! Counters that slow down guessing and flooding, kept in the database so
//! that every app server counts the same ones: one row per key (an address,
//! an account, an account from an address, a kind of journal entry…).
//!
//! A counter is taken *before* the work it guards (a password check, an
//! e-mail), by a change that applies only to the row's revision as read, so
//! that parallel requests cannot all pass a check none of them has counted
//! yet: of two that read the same revision, one wins and the other reads
//! again.
//!
//! Two shapes: [`Backoff`] lets a few attempts through, then one after a
//! delay that doubles at each attempt up to a ceiling — it slows, it never
//! shuts; [`Window`] allows so many in a fixed window.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use crate::entities::throttle;

/// A few free attempts, then a growing delay between attempts.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Attempts let through without delay.
    pub free: i32,
    /// The delay after the last free attempt; it doubles at each attempt.
    pub first_delay: Duration,
    /// The delay never grows beyond this.
    pub longest_delay: Duration,
    /// Without an attempt for this long, the counter starts again at zero.
    pub forget_after: Duration,
}

impl Backoff {
    /// The wait after the `n`-th attempt.
    pub fn delay(&self, n: i32) -> Duration {
        if n < self.free {
            return Duration::zero();
        }
        let doublings = (n - self.free).clamp(0, 30) as u32;
        let seconds = self
            .first_delay
            .num_seconds()
            .saturating_mul(1i64 << doublings);
        Duration::seconds(seconds).min(self.longest_delay)
    }
}

/// At most `limit` in each window of `length`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub limit: i32,
    pub length: Duration,
}

/// How many times a request reads a counter again after losing a race to
/// a parallel one before giving up (and being told to try again).
const RACES: usize = 20;

/// Counters not touched for this long are swept away.
const KEPT: Duration = Duration::days(1);

/// Counts an attempt under `key` if the backoff allows one now; otherwise
/// says how long to wait.
pub async fn reserve(
    db: &impl ConnectionTrait,
    key: &str,
    policy: &Backoff,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, DbErr> {
    step(db, key, now, |row| {
        let (count, next) = match row {
            Some(row) if now - row.updated_at <= policy.forget_after => {
                (row.count, row.next_allowed_at)
            }
            _ => (0, now),
        };
        if next > now {
            return Err(next - now);
        }
        Ok((count + 1, now, now + policy.delay(count + 1)))
    })
    .await
}

/// Counts one under `key` if the window has room; otherwise says how long
/// until the next window.
pub async fn take(
    db: &impl ConnectionTrait,
    key: &str,
    window: &Window,
    now: DateTime<Utc>,
) -> Result<Result<(), Duration>, DbErr> {
    step(db, key, now, |row| match row {
        Some(row) if now < row.window_started_at + window.length => {
            if row.count >= window.limit {
                Err(row.window_started_at + window.length - now)
            } else {
                Ok((row.count + 1, row.window_started_at, now))
            }
        }
        _ => Ok((1, now, now)),
    })
    .await
}

/// Reads `key`'s counter and writes what `next` makes of it — (count,
/// window start, next allowed time) — if the counter did not move meanwhile.
async fn step(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
    next: impl Fn(Option<&throttle::Model>) -> Result<(i32, DateTime<Utc>, DateTime<Utc>), Duration>,
) -> Result<Result<(), Duration>, DbErr> {
    let key: String = key.chars().take(320).collect();
    for _ in 0..RACES {
        let row = throttle::Entity::find_by_id(key.clone()).one(db).await?;
        let (count, window_started_at, next_allowed_at) = match next(row.as_ref()) {
            Ok(state) => state,
            Err(wait) => return Ok(Err(wait)),
        };
        let won = match row {
            None => {
                let inserted = throttle::Entity::insert(throttle::ActiveModel {
                    key: Set(key.clone()),
                    count: Set(count),
                    revision: Set(0),
                    window_started_at: Set(window_started_at),
                    next_allowed_at: Set(next_allowed_at),
                    updated_at: Set(now),
                })
                .on_conflict(
                    OnConflict::column(throttle::Column::Key)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
                inserted == 1
            }
            Some(row) => {
                let updated = throttle::Entity::update_many()
                    .set(throttle::ActiveModel {
                        count: Set(count),
                        revision: Set(row.revision.wrapping_add(1)),
                        window_started_at: Set(window_started_at),
                        next_allowed_at: Set(next_allowed_at),
                        updated_at: Set(now),
                        ..Default::default()
                    })
                    .filter(throttle::Column::Key.eq(key.as_str()))
                    .filter(throttle::Column::Revision.eq(row.revision))
                    .exec(db)
                    .await?;
                updated.rows_affected == 1
            }
        };
        if won {
            return Ok(Ok(()));
        }
    }
    Ok(Err(Duration::seconds(1)))
}

/// Gives back an attempt counted under `key` that turned out not to be one
/// to count (a successful sign-in from a shared address, a check that
/// could not run): one less, and no longer a delay than that leaves.
pub async fn give_back(
    db: &impl ConnectionTrait,
    key: &str,
    policy: &Backoff,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    // Nothing to give back is no error: the outcome is not needed.
    let _ = step(db, key, now, |row| match row {
        Some(row) if row.count > 0 => {
            let count = row.count - 1;
            Ok((
                count,
                row.window_started_at,
                row.next_allowed_at.min(now + policy.delay(count)),
            ))
        }
        _ => Err(Duration::zero()),
    })
    .await?;
    Ok(())
}

/// Forgets `key`'s counter (an account's failures, once its password was given).
pub async fn forget(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    let key: String = key.chars().take(320).collect();
    throttle::Entity::delete_by_id(key).exec(db).await?;
    Ok(())
}

/// Removes counters no one touched for a day; returns how many.
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(throttle::Entity::delete_many()
        .filter(throttle::Column::UpdatedAt.lt(now - KEPT))
        .exec(db)
        .await?
        .rows_affected)
}

/// "30 secondes", "2 minutes": a wait, rounded up, for a French sentence.
pub fn wait_text(wait: Duration) -> String {
    let seconds = ((wait.num_milliseconds() + 999) / 1000).max(1);
    if seconds < 120 {
        format!("{seconds} seconde{}", if seconds > 1 { "s" } else { "" })
    } else {
        format!("{} minutes", (seconds + 59) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_doubles_after_the_free_attempts_up_to_its_ceiling() {
        let policy = Backoff {
            free: 5,
            first_delay: Duration::seconds(1),
            longest_delay: Duration::minutes(15),
            forget_after: Duration::hours(1),
        };
        let delays: Vec<i64> = (1..=9).map(|n| policy.delay(n).num_seconds()).collect();
        assert_eq!(delays, [0, 0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(policy.delay(1000), Duration::minutes(15));
        assert_eq!(wait_text(Duration::milliseconds(200)), "1 seconde");
        assert_eq!(wait_text(Duration::seconds(30)), "30 secondes");
        assert_eq!(wait_text(Duration::seconds(600)), "10 minutes");
    }
}
