//! Delivering the e-mail outbox: over SMTP when ECOUTE_SMTP_URL is set,
//! otherwise as `.eml` files in a folder, so that a default run needs no
//! mail server. Before each delivery pass the worker also runs the rounds
//! that write to the outbox on their own: the digests due, and the notices
//! of overdue actions; once an hour it applies the retention policy, and
//! each round beats the heartbeat that `/sante/pret` reads.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, ContentTypeErr};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;

use app::entities::outbox_email;
use app::model::OutboxStatus;
use app::services::accounts::retention::{self, Policy};
use app::services::body::actions;
use app::services::mail::digests::{self, Schedule};
use app::services::mail::outbox;

use crate::health::Heartbeat;
use crate::{db, Error};

pub const DEFAULT_MAIL_DIR: &str = "data/mail";
pub const DEFAULT_MAIL_FROM: &str = "Écoute <ne-pas-repondre@ecoute.interieur.gouv.fr>";
/// How long the worker waits between two delivery passes.
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How often the worker looks for actions that have become overdue (due
/// dates are days: once a minute is plenty).
const OVERDUE_EVERY: Duration = Duration::from_secs(60);
/// How often the worker applies the retention policy.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);
/// Per SMTP command, so that an unresponsive server cannot hold a claim long.
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);
const BATCH: u64 = 10;

/// Where and how mail leaves the application.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// ECOUTE_SMTP_URL: `smtp://host:port`, `smtp://host?tls=required`
    /// (STARTTLS) or `smtps://user:password@host`; unset, mail goes to files.
    pub smtp_url: Option<String>,
    /// ECOUTE_MAIL_DIR: the folder of `.eml` files when there is no SMTP URL.
    pub mail_dir: PathBuf,
    /// ECOUTE_MAIL_FROM: the sender, `Name <address>`.
    pub from: String,
}

impl MailConfig {
    pub fn from_env() -> Self {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let set = |key| get(key).filter(|value| !value.trim().is_empty());
        MailConfig {
            smtp_url: set("ECOUTE_SMTP_URL"),
            mail_dir: set("ECOUTE_MAIL_DIR")
                .unwrap_or_else(|| DEFAULT_MAIL_DIR.to_string())
                .into(),
            from: set("ECOUTE_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_string()),
        }
    }
}

#[derive(Debug, Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why one message could not be handed over. Its text is kept in the
/// outbox: it holds the transport's message, never credentials or content.
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error("adresse invalide : {0}")]
    Address(#[from] lettre::address::AddressError),
    #[error("message invalide : {0}")]
    Message(#[from] lettre::error::Error),
    #[error("type de contenu invalide : {0}")]
    ContentType(#[from] ContentTypeErr),
    #[error("SMTP : {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("écriture du message : {0}")]
    File(#[from] lettre::transport::file::Error),
}

impl SendError {
    /// For the log: an SMTP reply may quote the recipient's address, so only
    /// its code is logged.
    fn log_reason(&self) -> String {
        match self {
            SendError::Smtp(err) => match err.status() {
                Some(code) => format!("SMTP reply {code}"),
                None => self.to_string(),
            },
            SendError::Address(_) => "invalid recipient address".to_string(),
            _ => self.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Self, Error> {
        let from: Mailbox = config.from.parse().map_err(|_| {
            Error::Config(format!(
                "ECOUTE_MAIL_FROM « {} » n'est pas une adresse d'expéditeur (exemple : Écoute <ne-pas-repondre@exemple.fr>)",
                config.from
            ))
        })?;
        let transport = match &config.smtp_url {
            Some(url) => {
                let builder =
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|err| {
                        Error::Config(format!(
                            "ECOUTE_SMTP_URL « {} » n'est pas valide : {err}",
                            db::redact(url)
                        ))
                    })?;
                tracing::info!(server = %db::redact(url), "mail goes out over SMTP");
                Transport::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build())
            }
            None => {
                std::fs::create_dir_all(&config.mail_dir)?;
                tracing::info!(folder = %config.mail_dir.display(), "mail is written to .eml files");
                Transport::Files(AsyncFileTransport::new(&config.mail_dir))
            }
        };
        Ok(Mailer { from, transport })
    }

    pub fn from_env() -> Result<Self, Error> {
        Self::new(&MailConfig::from_env())
    }

    /// multipart/alternative text and HTML; with an invitation, a calendar
    /// alternative too and the same event as an `invitation.ics` attachment.
    fn message(&self, row: &outbox_email::Model) -> Result<Message, SendError> {
        let name = Some(row.to_name.clone()).filter(|name| !name.trim().is_empty());
        let to = Mailbox::new(name, row.to_address.parse()?);
        let domain = self.from.email.domain();
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&row.subject)
            // Stable per outbox row, so a receiver can recognise a duplicate.
            .message_id(Some(format!(
                "<outbox-{}.{}@{domain}>",
                row.id,
                row.created_at.timestamp()
            )));
        let alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(row.body_text.clone()))
            .singlepart(SinglePart::html(row.body_html.clone()));
        let message = match &row.ics {
            None => builder.multipart(alternative)?,
            Some(ics) => builder.multipart(
                MultiPart::mixed()
                    .multipart(
                        alternative.singlepart(
                            SinglePart::builder()
                                .header(ContentType::parse(&format!(
                                    "text/calendar; method={}; charset=UTF-8",
                                    calendar_method(ics)
                                ))?)
                                .body(ics.clone()),
                        ),
                    )
                    .singlepart(
                        Attachment::new("invitation.ics".to_string())
                            .body(ics.clone(), ContentType::parse("application/ics")?),
                    ),
            )?,
        };
        Ok(message)
    }

    async fn send(&self, row: &outbox_email::Model) -> Result<(), SendError> {
        let message = self.message(row)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop)?,
            Transport::Files(files) => files.send(message).await.map(drop)?,
        }
        Ok(())
    }

    async fn shutdown(&self) {
        if let Transport::Smtp(smtp) = &self.transport {
            smtp.shutdown().await;
        }
    }
}

/// The recipient's domain: all the log says about who a message was for.
fn domain(address: &str) -> &str {
    address.rsplit_once('@').map_or("?", |(_, domain)| domain)
}

/// One delivery pass at `now`: claims a batch for `worker_id`, sends it and
/// records each outcome. Returns how many messages were sent.
pub async fn deliver_pending(
    db: &DatabaseConnection,
    mailer: &Mailer,
    worker_id: &str,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    deliver(db, mailer, worker_id, now, &Heartbeat::default()).await
}

/// The same, beating `heartbeat` after each message, so that a pass through
/// slow SMTP replies is not taken for a stuck worker.
async fn deliver(
    db: &DatabaseConnection,
    mailer: &Mailer,
    worker_id: &str,
    now: DateTime<Utc>,
    heartbeat: &Heartbeat,
) -> Result<usize, Error> {
    let started = Instant::now();
    // Past half the lease, the rest is left for a later pass rather than
    // risk sending a message whose claim another worker may have taken.
    let deadline = outbox::LEASE.to_std().unwrap_or(Duration::ZERO) / 2;
    let mut sent = 0;
    for row in outbox::claim(db, worker_id, now, BATCH).await? {
        if started.elapsed() > deadline {
            break;
        }
        let recipient = domain(&row.to_address);
        heartbeat.beat(Utc::now());
        match mailer.send(&row).await {
            Ok(()) => match outbox::mark_sent(db, row.id, worker_id, now).await {
                Ok(true) => {
                    sent += 1;
                    tracing::info!(outbox_id = row.id, domain = recipient, "e-mail sent");
                }
                Ok(false) => {
                    tracing::warn!(
                        outbox_id = row.id,
                        domain = recipient,
                        "e-mail sent after its claim was lost"
                    );
                }
                Err(err) => {
                    tracing::error!(
                        outbox_id = row.id,
                        domain = recipient,
                        "e-mail sent but not recorded as sent"
                    );
                    return Err(err.into());
                }
            },
            Err(err) => {
                let status =
                    outbox::mark_failed(db, row.id, worker_id, now, &err.to_string()).await?;
                let reason = err.log_reason();
                let given_up = matches!(status, Some(OutboxStatus::Failed));
                metrics::counter!(crate::metrics::DELIVERY_FAILURES, "final" => if given_up { "true" } else { "false" })
                    .increment(1);
                match status {
                    Some(OutboxStatus::Failed) => {
                        tracing::error!(outbox_id = row.id, domain = recipient, %reason, "e-mail delivery failed for good")
                    }
                    _ => {
                        tracing::warn!(outbox_id = row.id, domain = recipient, %reason, "e-mail delivery failed, will retry")
                    }
                }
            }
        }
    }
    Ok(sent)
}

/// What the worker's rounds need besides the database.
#[derive(Debug, Clone)]
pub struct Rounds {
    /// Where links in e-mails point to.
    pub public_url: String,
    pub digests: Schedule,
    /// How long what people leave behind is kept.
    pub retention: Policy,
}

/// Writes the digests due at `now` to the outbox; with `overdue`, also the
/// notices of actions that have become overdue. Safe with several servers:
/// each digest and each overdue action is claimed in the database first.
pub async fn run_rounds(
    db: &DatabaseConnection,
    rounds: &Rounds,
    overdue: bool,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    if overdue {
        let told = actions::tell_overdue(db, &rounds.public_url, now).await?;
        if told > 0 {
            tracing::info!(actions = told, "overdue actions told");
        }
    }
    let sent = digests::send_due(db, rounds.digests, &rounds.public_url, now).await?;
    if sent > 0 {
        tracing::info!(digests = sent, "digests written to the outbox");
    }
    Ok(())
}

/// Unique among every app server sharing the database.
fn worker_id() -> String {
    format!(
        "ecoute-{}-{:016x}",
        std::process::id(),
        rand::random::<u64>()
    )
}

/// Applies the retention policy at `now` (every server's worker does, once
/// an hour: each step changes nothing when run again).
pub async fn run_retention(
    db: &DatabaseConnection,
    policy: Policy,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let purged = retention::apply(db, policy, now).await?;
    if purged.total() > 0 {
        tracing::info!(
            mail_bodies = purged.mail_bodies,
            sessions = purged.sessions,
            tokens = purged.tokens,
            throttles = purged.throttles,
            digest_items = purged.digest_items,
            digests = purged.digests,
            audit_events = purged.audit_events,
            "retention applied"
        );
    }
    Ok(())
}

/// Runs the rounds and delivers the outbox every `every` until `shutdown`
/// resolves; a pass under way is finished first, so no message is left
/// sent but unrecorded. Each round beats `heartbeat` (`/sante/pret`).
pub async fn run_worker(
    db: DatabaseConnection,
    mailer: Mailer,
    rounds: Rounds,
    every: Duration,
    heartbeat: Heartbeat,
    shutdown: impl Future<Output = ()>,
) {
    let worker_id = worker_id();
    tracing::info!(worker = %worker_id, digest_hour = rounds.digests.hour(), "mail delivery started");
    tokio::pin!(shutdown);
    let mut overdue_checked: Option<Instant> = None;
    let mut retention_applied: Option<Instant> = None;
    loop {
        heartbeat.beat(Utc::now());
        let overdue = overdue_checked.is_none_or(|at| at.elapsed() >= OVERDUE_EVERY);
        if overdue {
            overdue_checked = Some(Instant::now());
        }
        if let Err(err) = run_rounds(&db, &rounds, overdue, Utc::now()).await {
            tracing::error!(error = %err, "notice rounds failed");
        }
        if retention_applied.is_none_or(|at| at.elapsed() >= RETENTION_EVERY) {
            retention_applied = Some(Instant::now());
            if let Err(err) = run_retention(&db, rounds.retention, Utc::now()).await {
                tracing::error!(error = %err, "retention failed");
            }
        }
        if let Err(err) = deliver(&db, &mailer, &worker_id, Utc::now(), &heartbeat).await {
            tracing::error!(error = %err, "mail delivery pass failed");
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(every) => {}
        }
    }
    mailer.shutdown().await;
    tracing::info!("mail delivery stopped");
}

/// The METHOD of an iCalendar text (REQUEST or CANCEL), which the calendar
/// part's Content-Type must repeat.
fn calendar_method(ics: &str) -> &str {
    ics.lines()
        .find_map(|line| line.strip_prefix("METHOD:"))
        .map(str::trim)
        .unwrap_or("REQUEST")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_part_says_the_method_of_its_invitation() {
        assert_eq!(
            calendar_method("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"),
            "CANCEL"
        );
        assert_eq!(
            calendar_method("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"),
            "REQUEST"
        );
    }

    #[test]
    fn defaults_need_no_mail_server() {
        let config = MailConfig::from_lookup(|_| None);
        assert_eq!(config.smtp_url, None);
        assert_eq!(config.mail_dir, PathBuf::from(DEFAULT_MAIL_DIR));
        assert_eq!(config.from, DEFAULT_MAIL_FROM);
        assert!(config.from.parse::<Mailbox>().is_ok());
    }

    #[test]
    fn smtp_passwords_never_appear_in_configuration_errors() {
        let config = MailConfig {
            smtp_url: Some("ftp://jean:s3cret@mail.exemple.fr".to_string()),
            ..MailConfig::from_lookup(|_| None)
        };
        let err = Mailer::new(&config).unwrap_err().to_string();
        assert!(err.contains("ECOUTE_SMTP_URL"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }

    #[test]
    fn logs_name_the_domain_only() {
        assert_eq!(
            domain("claire.martin@interieur.gouv.fr"),
            "interieur.gouv.fr"
        );
        assert_eq!(domain("sans-arobase"), "?");
    }
}
