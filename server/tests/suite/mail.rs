//! Mail delivery through the outbox, against a real SMTP server (Debian's
//! python3-aiosmtpd, writing what it receives to a Maildir) and the `.eml`
//! file transport. Messages are read back with Python's standard e-mail
//! parser, so encodings are checked by an independent implementation.

use crate::common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

use app::entities::outbox_email;
use app::model::OutboxStatus;
use app::services::mail::outbox::{self, Block, OutgoingEmail};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};
use server::mailer::{deliver_pending, MailConfig, Mailer, DEFAULT_MAIL_FROM};

/// Debian's interpreter, where python3-aiosmtpd is installed (not pyenv's).
const PYTHON: &str = "/usr/bin/python3";

/// An aiosmtpd server on 127.0.0.1, stopped when dropped.
struct SmtpServer {
    port: u16,
    maildir: PathBuf,
    child: Option<Child>,
}

impl SmtpServer {
    async fn start(folder: &Path) -> Self {
        let mut server = SmtpServer {
            port: free_port(),
            maildir: folder.join("maildir"),
            child: None,
        };
        server.restart().await;
        server
    }

    async fn restart(&mut self) {
        assert!(self.child.is_none(), "the SMTP server is already running");
        let child = Command::new(PYTHON)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3-aiosmtpd starts (apt-get install python3-aiosmtpd)");
        self.child = Some(child);
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(StdDuration::from_millis(50)).await;
        }
        panic!("the SMTP server did not listen on port {}", self.port);
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The files of the messages received so far.
    fn messages(&self) -> Vec<PathBuf> {
        files_in(&self.maildir.join("new"))
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(folder) {
        Ok(entries) => entries.map(|entry| entry.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn mailer(smtp_url: Option<String>, mail_dir: &Path) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url,
        mail_dir: mail_dir.to_path_buf(),
        from: DEFAULT_MAIL_FROM.to_string(),
    })
    .expect("mailer")
}

const LINK: &str = "https://ecoute.example/reinitialisation/Zx81-tok";

fn reset_email(to_address: &str) -> OutgoingEmail {
    let subject = "Réinitialisation de votre mot de passe — Écoute";
    let greeting = "Bonjour Élodie,";
    let paragraph = "Une réinitialisation a été demandée ; ce lien ne sert qu'une fois.";
    OutgoingEmail {
        to_address: to_address.to_string(),
        to_name: "Élodie Dupré".to_string(),
        subject: subject.to_string(),
        body_text: format!("{greeting}\n\n{paragraph}\n\n{LINK}\n"),
        body_html: outbox::html_body(
            subject,
            &[
                Block::Paragraph(greeting),
                Block::Paragraph(paragraph),
                Block::Link {
                    label: "Choisir un nouveau mot de passe",
                    url: LINK,
                },
            ],
        ),
        ics: None,
    }
}

/// A message as a mail client sees it, decoded by Python's `email` package.
#[derive(Debug)]
struct Received {
    to: String,
    subject: String,
    /// Every part's content type, depth first.
    parts: Vec<String>,
    attachments: Vec<String>,
    text: String,
    html: String,
    calendar: String,
    calendar_method: String,
}

const DECODE: &str = r#"
import sys, email, email.policy
with open(sys.argv[1], 'rb') as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
calendar = [p for p in m.walk() if p.get_content_type() == 'text/calendar']
fields = [
    str(m['To']),
    str(m['Subject']),
    ','.join(p.get_content_type() for p in m.walk()),
    ','.join(p.get_filename() or '' for p in m.iter_attachments()),
    m.get_body(('plain',)).get_content(),
    m.get_body(('html',)).get_content(),
    calendar[0].get_content() if calendar else '',
    calendar[0].get_param('method') if calendar else '',
]
sys.stdout.buffer.write('\x1f'.join(fields).encode('utf-8'))
"#;

fn decode(file: &Path) -> Received {
    let output = Command::new(PYTHON)
        .args(["-c", DECODE])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let fields: Vec<&str> = text.split('\x1f').collect();
    let list = |field: &str| -> Vec<String> {
        field
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    Received {
        to: fields[0].to_string(),
        subject: fields[1].to_string(),
        parts: list(fields[2]),
        attachments: list(fields[3]),
        text: fields[4].to_string(),
        html: fields[5].to_string(),
        calendar: fields[6].to_string(),
        calendar_method: fields[7].to_string(),
    }
}

/// Now, at the precision PostgreSQL keeps, so stored times compare equal.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

async fn row(test: &common::TestDb, id: i32) -> outbox_email::Model {
    outbox_email::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .expect("outbox row")
}

#[tokio::test]
async fn only_committed_mail_is_sent_and_only_once() {
    let test = common::migrated().await;
    let folder = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(folder.path()).await;
    let mailer = mailer(Some(smtp.url()), &folder.path().join("unused"));

    let txn = test.db.begin().await.unwrap();
    outbox::enqueue(&txn, reset_email("annule@exemple.fr"))
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let txn = test.db.begin().await.unwrap();
    let id = outbox::enqueue(&txn, reset_email("elodie.dupre@exemple.fr"))
        .await
        .unwrap();
    txn.commit().await.unwrap();

    let now = now();
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now).await.unwrap(),
        1
    );
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now + Duration::hours(2))
            .await
            .unwrap(),
        0
    );

    let received = smtp.messages();
    assert_eq!(received.len(), 1, "on {}", common::backend());
    let raw = std::fs::read(&received[0]).unwrap();
    assert!(
        raw.is_ascii(),
        "headers and bodies are transfer-encoded to 7 bits"
    );
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains("X-RcptTo: elodie.dupre@exemple.fr"), "{raw}");
    let mail = decode(&received[0]);
    assert_eq!(mail.to, "Élodie Dupré <elodie.dupre@exemple.fr>");
    assert_eq!(
        mail.subject,
        "Réinitialisation de votre mot de passe — Écoute"
    );
    assert_eq!(
        mail.parts,
        ["multipart/alternative", "text/plain", "text/html"]
    );
    assert!(mail.text.starts_with("Bonjour Élodie,"), "{}", mail.text);
    assert!(mail.text.contains("qu'une fois"), "{}", mail.text);
    assert!(mail.text.contains(LINK), "{}", mail.text);
    assert!(mail.html.contains("<html lang=\"fr\">"), "{}", mail.html);
    assert!(
        mail.html.contains(&format!("<a href=\"{LINK}\">")),
        "{}",
        mail.html
    );

    let sent = row(&test, id).await;
    assert_eq!(sent.status, OutboxStatus::Sent);
    assert_eq!(sent.attempts, 1);
    assert_eq!(sent.locked_by.as_deref(), Some("w1"));
    assert!(sent.sent_at.is_some());
    assert_eq!(
        outbox_email::Entity::find().count(&test.db).await.unwrap(),
        1
    );
    drop(smtp);
    test.drop_db().await;
}

#[tokio::test]
async fn delivery_is_retried_when_the_mail_server_is_down() {
    let test = common::migrated().await;
    let folder = tempfile::tempdir().unwrap();
    let mut smtp = SmtpServer::start(folder.path()).await;
    let mailer = mailer(Some(smtp.url()), &folder.path().join("unused"));
    smtp.stop();

    let id = outbox::enqueue(&test.db, reset_email("elodie.dupre@exemple.fr"))
        .await
        .unwrap();
    let now = now();
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now).await.unwrap(),
        0
    );
    let failed = row(&test, id).await;
    assert_eq!(failed.status, OutboxStatus::Pending);
    assert_eq!(failed.attempts, 1);
    assert!(failed.next_attempt_at > now);
    assert_eq!(failed.locked_until, None);
    let error = failed.last_error.expect("the error is kept");
    assert!(error.starts_with("SMTP"), "{error}");

    smtp.restart().await;
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now).await.unwrap(),
        0,
        "not before the next attempt is due"
    );
    let later = now + Duration::hours(2);
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w2", later)
            .await
            .unwrap(),
        1
    );
    for hours in 3..6 {
        assert_eq!(
            deliver_pending(&test.db, &mailer, "w1", now + Duration::hours(hours))
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(smtp.messages().len(), 1);
    let sent = row(&test, id).await;
    assert_eq!(sent.status, OutboxStatus::Sent);
    assert_eq!(sent.attempts, 2);
    assert_eq!(sent.last_error, None);
    assert_eq!(sent.sent_at, Some(later));
    drop(smtp);
    test.drop_db().await;
}

#[tokio::test]
async fn delivery_gives_up_after_eight_attempts() {
    let test = common::migrated().await;
    let folder = tempfile::tempdir().unwrap();
    let nobody = format!("smtp://127.0.0.1:{}", free_port());
    let mailer = mailer(Some(nobody), folder.path());
    let id = outbox::enqueue(&test.db, reset_email("elodie.dupre@exemple.fr"))
        .await
        .unwrap();

    let mut now = now();
    for attempt in 1..=outbox::MAX_ATTEMPTS {
        assert_eq!(
            deliver_pending(&test.db, &mailer, "w1", now).await.unwrap(),
            0
        );
        let failed = row(&test, id).await;
        assert_eq!(failed.attempts, attempt);
        let delay = failed.next_attempt_at - now;
        assert_eq!(delay, outbox::retry_delay(attempt));
        now = failed.next_attempt_at;
    }
    let given_up = row(&test, id).await;
    assert_eq!(given_up.status, OutboxStatus::Failed);
    assert!(given_up.last_error.is_some());
    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now + Duration::days(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(row(&test, id).await.attempts, outbox::MAX_ATTEMPTS);
    test.drop_db().await;
}

const WORKERS: [&str; 4] = ["a", "b", "c", "d"];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_workers_never_share_a_message() {
    let test = common::migrated().await;
    let folder = tempfile::tempdir().unwrap();
    let mut ids = HashSet::new();
    for n in 0..40 {
        let id = outbox::enqueue(&test.db, reset_email(&format!("membre{n}@exemple.fr")))
            .await
            .unwrap();
        ids.insert(id);
    }

    let now = now();
    let claims = WORKERS.map(|worker| {
        let db = test.db.clone();
        tokio::spawn(async move { outbox::claim(&db, worker, now, 40).await })
    });
    let mut claimed = HashSet::new();
    for claim in claims {
        for message in claim.await.unwrap().unwrap() {
            assert!(claimed.insert(message.id), "{} claimed twice", message.id);
        }
    }
    assert_eq!(claimed, ids);
    assert!(
        outbox::claim(&test.db, "e", now + Duration::minutes(1), 40)
            .await
            .unwrap()
            .is_empty(),
        "claimed rows stay claimed for the lease"
    );
    assert!(
        !outbox::mark_sent(&test.db, *ids.iter().next().unwrap(), "e", now)
            .await
            .unwrap(),
        "only the claimer records a delivery"
    );

    let mailer = mailer(None, folder.path());
    let after_lease = now + outbox::LEASE + Duration::minutes(1);
    let mut sent = 0;
    loop {
        let passes = WORKERS.map(|worker| {
            let (db, mailer) = (test.db.clone(), mailer.clone());
            tokio::spawn(async move { deliver_pending(&db, &mailer, worker, after_lease).await })
        });
        let mut pass = 0;
        for delivered in passes {
            pass += delivered.await.unwrap().unwrap();
        }
        if pass == 0 {
            break;
        }
        sent += pass;
    }
    assert_eq!(sent, 40);
    assert_eq!(files_in(folder.path()).len(), 40);
    test.drop_db().await;
}

#[tokio::test]
async fn without_smtp_each_message_becomes_an_eml_file() {
    let test = common::migrated().await;
    let folder = tempfile::tempdir().unwrap();
    let mail_dir = folder.path().join("data").join("mail");
    let mailer = mailer(None, &mail_dir);

    outbox::enqueue(&test.db, reset_email("elodie.dupre@exemple.fr"))
        .await
        .unwrap();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Ecoute//FR\r\nMETHOD:REQUEST\r\n\
               BEGIN:VEVENT\r\nUID:reunion-3@ecoute.example\r\nDTSTAMP:20190601T080000Z\r\n\
               DTSTART:20190702T080000Z\r\nSUMMARY:3e séance plénière\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    outbox::enqueue(
        &test.db,
        OutgoingEmail {
            subject: "Convocation : 3e séance plénière".to_string(),
            ics: Some(ics.to_string()),
            ..reset_email("nina.petit@exemple.fr")
        },
    )
    .await
    .unwrap();

    assert_eq!(
        deliver_pending(&test.db, &mailer, "w1", now())
            .await
            .unwrap(),
        2
    );
    let files = files_in(&mail_dir);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files
        .iter()
        .all(|f| f.extension().is_some_and(|e| e == "eml")));
    let mails: Vec<Received> = files.iter().map(|f| decode(f)).collect();
    let invitation = mails
        .iter()
        .find(|m| m.to.contains("nina.petit@exemple.fr"))
        .expect("the invitation");
    assert_eq!(invitation.subject, "Convocation : 3e séance plénière");
    assert_eq!(
        invitation.parts,
        [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "text/calendar",
            "application/ics"
        ]
    );
    assert_eq!(invitation.attachments, ["invitation.ics"]);
    assert_eq!(invitation.calendar_method, "REQUEST");
    assert!(invitation.calendar.contains("SUMMARY:3e séance plénière"));
    let reset = mails
        .iter()
        .find(|m| m.to.contains("elodie.dupre@exemple.fr"))
        .expect("the reset e-mail");
    assert!(reset.text.contains(LINK));
    assert!(reset.attachments.is_empty());
    test.drop_db().await;
}
