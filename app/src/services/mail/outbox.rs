//! The e-mail outbox: every message is written here in the same transaction
//! as the change that causes it, then delivered by the server's worker.
//!
//! Several app servers may run workers side by side. A worker first claims a
//! row (a conditional UPDATE that only one of them can win, on SQLite and on
//! PostgreSQL alike) and only the claimer may mark it sent, so a message is
//! never handed to the mail server twice while its claim lasts.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::entities::outbox_email;
use crate::model::OutboxStatus;
use crate::services::settings;

/// After this many failed attempts a message is given up (status Failed).
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim lasts; a worker that dies lets its rows go after this.
pub const LEASE: Duration = Duration::minutes(10);
const FIRST_RETRY: Duration = Duration::seconds(30);
const LONGEST_RETRY: Duration = Duration::hours(1);
/// `last_error` keeps the start of the transport's message only.
const ERROR_CHARS: usize = 1000;

/// A message to send, as the services write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// An iCalendar invitation (METHOD:REQUEST), sent as a calendar part and
    /// as an `invitation.ics` attachment.
    pub ics: Option<String>,
}

/// Writes the message to the outbox, signed with the body's name and
/// ministry; pass the transaction of the change that causes it, so that a
/// rolled-back change sends nothing.
pub async fn enqueue(db: &impl ConnectionTrait, message: OutgoingEmail) -> Result<i32, DbErr> {
    let identity = settings::identity(db).await?;
    let message = signed(message, &settings::signature(&identity));
    let now = Utc::now();
    let row = outbox_email::ActiveModel {
        to_address: Set(message.to_address),
        to_name: Set(message.to_name),
        subject: Set(message.subject),
        body_text: Set(message.body_text),
        body_html: Set(message.body_html),
        ics: Set(message.ics),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// The message with `signature` after its last paragraph.
fn signed(mut message: OutgoingEmail, signature: &str) -> OutgoingEmail {
    message.body_text = format!("{}\n\n{signature}\n", message.body_text.trim_end());
    let paragraph = format!("<p>{}</p>\n", escape_html(signature));
    match message.body_html.rfind("</body>") {
        Some(at) => message.body_html.insert_str(at, &paragraph),
        None => message.body_html.push_str(&paragraph),
    }
    message
}

fn unlocked(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(outbox_email::Column::LockedUntil.is_null())
        .add(outbox_email::Column::LockedUntil.lt(now))
}

/// Claims up to `limit` messages due at `now` for `worker_id`, for [`LEASE`].
/// Concurrent callers never get the same row.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker_id: &str,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_email::Model>, DbErr> {
    let due = || {
        outbox_email::Entity::update_many()
            .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending))
            .filter(outbox_email::Column::NextAttemptAt.lte(now))
            .filter(unlocked(now))
    };
    let candidates: Vec<i32> = outbox_email::Entity::find()
        .select_only()
        .column(outbox_email::Column::Id)
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending))
        .filter(outbox_email::Column::NextAttemptAt.lte(now))
        .filter(unlocked(now))
        .order_by_asc(outbox_email::Column::NextAttemptAt)
        .order_by_asc(outbox_email::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let result = due()
            .set(outbox_email::ActiveModel {
                locked_by: Set(Some(worker_id.to_string())),
                locked_until: Set(Some(now + LEASE)),
                ..Default::default()
            })
            .filter(outbox_email::Column::Id.eq(id))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(id);
        }
    }
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    outbox_email::Entity::find()
        .filter(outbox_email::Column::Id.is_in(claimed))
        .filter(outbox_email::Column::LockedBy.eq(worker_id))
        .order_by_asc(outbox_email::Column::NextAttemptAt)
        .order_by_asc(outbox_email::Column::Id)
        .all(db)
        .await
}

/// The claimer's row, still pending: the only one `mark_*` may change.
fn held(id: i32, worker_id: &str) -> sea_orm::UpdateMany<outbox_email::Entity> {
    outbox_email::Entity::update_many()
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::LockedBy.eq(worker_id))
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending))
}

/// What a sent message's body becomes: once delivered, its text (which may
/// hold an invitation or reset link) has no reason to stay in the database;
/// its metadata (recipient, subject, dates) stays for the record.
pub const WIPED: &str = "(contenu effacé après l'envoi)";

/// Records a delivery and wipes the message's body; false if `worker_id`
/// no longer holds the claim.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i32,
    worker_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = held(id, worker_id)
        .set(outbox_email::ActiveModel {
            status: Set(OutboxStatus::Sent),
            sent_at: Set(Some(now)),
            locked_until: Set(None),
            last_error: Set(None),
            body_text: Set(WIPED.to_string()),
            body_html: Set(WIPED.to_string()),
            ics: Set(None),
            ..Default::default()
        })
        .col_expr(
            outbox_email::Column::Attempts,
            Expr::col(outbox_email::Column::Attempts).add(1),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The wait before the next attempt once `attempts` have failed:
/// 30 s, 1 min, 2 min… at most 1 h.
/// What waits in the outbox, for the operators' metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Backlog {
    /// Messages not yet delivered (waiting for their first attempt or a retry).
    pub pending: u64,
    /// When the oldest of them was written.
    pub oldest: Option<DateTime<Utc>>,
    /// Messages given up after [`MAX_ATTEMPTS`].
    pub failed: u64,
}

/// The outbox's [`Backlog`], read in two aggregate queries.
pub async fn backlog(db: &impl ConnectionTrait) -> Result<Backlog, DbErr> {
    let (pending, oldest): (i64, Option<DateTime<Utc>>) = outbox_email::Entity::find()
        .select_only()
        .column_as(outbox_email::Column::Id.count(), "pending")
        .column_as(outbox_email::Column::CreatedAt.min(), "oldest")
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Pending))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default();
    let failed = outbox_email::Entity::find()
        .filter(outbox_email::Column::Status.eq(OutboxStatus::Failed))
        .count(db)
        .await?;
    Ok(Backlog {
        pending: u64::try_from(pending).unwrap_or(0),
        oldest,
        failed,
    })
}

pub fn retry_delay(attempts: i32) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 16) as u32;
    (FIRST_RETRY * 2i32.pow(doublings)).min(LONGEST_RETRY)
}

/// Records a failed attempt: retried later with backoff, or given up after
/// [`MAX_ATTEMPTS`]. `error` must be the transport's message only, never
/// credentials or the message itself. Returns the new status, or None if
/// `worker_id` no longer holds the claim.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i32,
    worker_id: &str,
    now: DateTime<Utc>,
    error: &str,
) -> Result<Option<OutboxStatus>, DbErr> {
    let Some(row) = outbox_email::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let attempts = row.attempts + 1;
    let status = if attempts >= MAX_ATTEMPTS {
        OutboxStatus::Failed
    } else {
        OutboxStatus::Pending
    };
    let result = held(id, worker_id)
        .filter(outbox_email::Column::Attempts.eq(row.attempts))
        .set(outbox_email::ActiveModel {
            status: Set(status),
            attempts: Set(attempts),
            next_attempt_at: Set(now + retry_delay(attempts)),
            locked_until: Set(None),
            last_error: Set(Some(error.chars().take(ERROR_CHARS).collect())),
            ..Default::default()
        })
        .exec(db)
        .await?;
    Ok((result.rows_affected == 1).then_some(status))
}

/// Text written into HTML, with every markup character escaped.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// One block of an HTML e-mail body; all text is escaped.
#[derive(Debug, Clone, Copy)]
pub enum Block<'a> {
    Paragraph(&'a str),
    Link { label: &'a str, url: &'a str },
    Heading(&'a str),
    List(&'a [String]),
}

/// A complete French HTML e-mail body made of `blocks`.
pub fn html_body(title: &str, blocks: &[Block<'_>]) -> String {
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n",
        escape_html(title)
    );
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                html.push_str(&format!("<p>{}</p>\n", escape_html(text)));
            }
            Block::Link { label, url } => html.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>\n",
                escape_html(url),
                escape_html(label)
            )),
            Block::Heading(text) => {
                html.push_str(&format!("<h2>{}</h2>\n", escape_html(text)));
            }
            Block::List(items) => {
                html.push_str("<ul>\n");
                for item in *items {
                    html.push_str(&format!("<li>{}</li>\n", escape_html(item)));
                }
                html.push_str("</ul>\n");
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour() {
        assert_eq!(retry_delay(1), Duration::seconds(30));
        assert_eq!(retry_delay(2), Duration::seconds(60));
        assert_eq!(retry_delay(4), Duration::seconds(240));
        assert_eq!(retry_delay(7), Duration::seconds(1920));
        assert_eq!(retry_delay(8), Duration::hours(1));
        assert_eq!(retry_delay(1000), Duration::hours(1));
    }

    #[test]
    fn the_signature_closes_both_bodies_escaped() {
        let message = OutgoingEmail {
            to_address: "a@b.fr".into(),
            to_name: "A".into(),
            subject: "Objet".into(),
            body_text: "Bonjour,\n\nTexte.\n".into(),
            body_html: html_body("Objet", &[Block::Paragraph("Texte.")]),
            ics: None,
        };
        let signed = signed(message, "— Comité <des> usagers, Ministère");
        assert!(signed
            .body_text
            .ends_with("Texte.\n\n— Comité <des> usagers, Ministère\n"));
        assert!(signed
            .body_html
            .contains("<p>Texte.</p>\n<p>— Comité &lt;des&gt; usagers, Ministère</p>\n</body>"));
    }

    #[test]
    fn user_text_is_escaped_in_html_bodies() {
        let html = html_body(
            "Réunion <b>",
            &[
                Block::Paragraph("Jean « l'ami » <script>alert(1)</script> & Cie"),
                Block::Link {
                    label: "Voir",
                    url: "https://e.fr/a?b=1&c=\"2\"",
                },
            ],
        );
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie"));
        assert!(html.contains("l&#39;ami"));
        assert!(html.contains("<title>Réunion &lt;b&gt;</title>"));
        assert!(html.contains("href=\"https://e.fr/a?b=1&amp;c=&quot;2&quot;\""));
    }
}
