//! How long what people leave behind is kept (README, « Conservation des
//! données »), and the job that applies it, run by each server's outbox
//! worker:
//!
//! - an e-mail's text, once given up, after `mail_days` (a delivered one's
//!   is wiped as it is sent, `outbox::WIPED`; the recipient, subject and
//!   dates of both stay, for the record);
//! - sessions once expired (idle or absolute), single-use links (and the
//!   links confirming a new e-mail address) once used or expired, the
//!   sign-in throttle's counters once untouched for a day
//!   (`throttle::sweep`, which each sign-in runs too);
//! - digests and their lines after `digest_days`;
//! - audit events after `audit_days` (a year unless the ministry sets more).
//!
//! Every step is a plain conditional delete or update, in batches, that
//! changes nothing when run again: several servers may run it at once.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entities::{
    audit_event, digest, digest_item, email_change, login_session, outbox_email, user_token,
};
use crate::model::OutboxStatus;
use crate::services::mail::outbox::WIPED;

use super::sessions::IDLE_TIMEOUT;
use super::throttle;

/// What a dropped e-mail's text becomes.
pub const DROPPED: &str = "(contenu effacé après le délai de conservation)";
/// Rows changed per statement, so that no run holds a table long.
const BATCH: u64 = 5_000;

/// The periods, in days, set by ECOUTE_RETENTION_*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub mail_days: u32,
    pub digest_days: u32,
    pub audit_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            mail_days: 30,
            digest_days: 90,
            audit_days: 365,
        }
    }
}

/// How many rows each step changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub mail_bodies: u64,
    pub sessions: u64,
    pub tokens: u64,
    pub throttles: u64,
    pub digest_items: u64,
    pub digests: u64,
    pub audit_events: u64,
}

impl Purged {
    pub fn total(&self) -> u64 {
        self.mail_bodies
            + self.sessions
            + self.tokens
            + self.throttles
            + self.digest_items
            + self.digests
            + self.audit_events
    }
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

/// Deletes the rows of `E` that `condition` picks, a batch at a time.
async fn delete_where<E>(
    db: &impl ConnectionTrait,
    id: E::Column,
    condition: SimpleExpr,
) -> Result<u64, DbErr>
where
    E: EntityTrait,
{
    let mut total = 0;
    loop {
        let batch = Query::select()
            .column(id)
            .from(E::default())
            .and_where(condition.clone())
            .limit(BATCH)
            .to_owned();
        let done = E::delete_many()
            .filter(id.in_subquery(batch))
            .exec(db)
            .await?
            .rows_affected;
        total += done;
        if done < BATCH {
            return Ok(total);
        }
    }
}

/// Applies `policy` at `now`.
pub async fn apply(
    db: &impl ConnectionTrait,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<Purged, DbErr> {
    let mut purged = Purged::default();

    let old_mail = Expr::col(outbox_email::Column::Status)
        .is_in([OutboxStatus::Sent, OutboxStatus::Failed])
        .and(Expr::col(outbox_email::Column::CreatedAt).lt(now - days(policy.mail_days)))
        .and(Expr::col(outbox_email::Column::BodyText).is_not_in([DROPPED, WIPED]));
    loop {
        let batch = Query::select()
            .column(outbox_email::Column::Id)
            .from(outbox_email::Entity)
            .and_where(old_mail.clone())
            .limit(BATCH)
            .to_owned();
        let done = outbox_email::Entity::update_many()
            .col_expr(outbox_email::Column::BodyText, Expr::value(DROPPED))
            .col_expr(outbox_email::Column::BodyHtml, Expr::value(DROPPED))
            .col_expr(
                outbox_email::Column::Ics,
                Expr::value(Option::<String>::None),
            )
            .filter(outbox_email::Column::Id.in_subquery(batch))
            // Checked again on the row itself: a server that dropped it
            // meanwhile has it counted, not this one.
            .filter(outbox_email::Column::BodyText.is_not_in([DROPPED, WIPED]))
            .exec(db)
            .await?
            .rows_affected;
        purged.mail_bodies += done;
        if done < BATCH {
            break;
        }
    }

    purged.sessions = delete_where::<login_session::Entity>(
        db,
        login_session::Column::Id,
        Expr::col(login_session::Column::ExpiresAt)
            .lte(now)
            .or(Expr::col(login_session::Column::LastSeenAt).lte(now - IDLE_TIMEOUT)),
    )
    .await?;
    purged.tokens = delete_where::<user_token::Entity>(
        db,
        user_token::Column::Id,
        Expr::col(user_token::Column::UsedAt)
            .is_not_null()
            .or(Expr::col(user_token::Column::ExpiresAt).lte(now)),
    )
    .await?;
    purged.tokens += delete_where::<email_change::Entity>(
        db,
        email_change::Column::Id,
        Expr::col(email_change::Column::UsedAt)
            .is_not_null()
            .or(Expr::col(email_change::Column::ExpiresAt).lte(now)),
    )
    .await?;
    purged.throttles = throttle::sweep(db, now).await?;

    // A digest's lines were all written before it: its lines go first.
    let digests_before = now - days(policy.digest_days);
    purged.digest_items = delete_where::<digest_item::Entity>(
        db,
        digest_item::Column::Id,
        Expr::col(digest_item::Column::CreatedAt).lt(digests_before),
    )
    .await?;
    let still_used = Query::select()
        .column(digest_item::Column::DigestId)
        .from(digest_item::Entity)
        .and_where(digest_item::Column::DigestId.is_not_null())
        .to_owned();
    purged.digests = delete_where::<digest::Entity>(
        db,
        digest::Column::Id,
        Expr::col(digest::Column::CreatedAt)
            .lt(digests_before)
            .and(digest::Column::Id.not_in_subquery(still_used)),
    )
    .await?;

    purged.audit_events = delete_where::<audit_event::Entity>(
        db,
        audit_event::Column::Id,
        Expr::col(audit_event::Column::OccurredAt).lt(now - days(policy.audit_days)),
    )
    .await?;
    Ok(purged)
}

/// The number of days in an ECOUTE_RETENTION_* setting: 1 to 36 500.
pub fn parse_days(text: &str) -> Option<u32> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=36_500).contains(d))
}
