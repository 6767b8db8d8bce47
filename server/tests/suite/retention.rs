//! The retention policy on the database under test: what goes after how
//! long, what stays (an e-mail's metadata, anything younger than its
//! period, mail still to send, lines still to put in a digest, a text
//! already wiped at delivery), twice and by two servers at once without
//! harm, and applied by the worker itself.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use app::entities::{
    audit_event, digest, digest_item, email_change, login_session, outbox_email, throttle, user,
    user_token,
};
use app::model::{Cadence, NoticeKind, OutboxStatus, TokenPurpose};
use app::services::accounts::retention::{self, Policy, DROPPED};
use app::services::mail::outbox::WIPED;

use crate::common;

/// Rows of every kind, some older than the policy keeps them.
struct Rows {
    old_sent: i32,
    old_failed: i32,
    old_pending: i32,
    recent_sent: i32,
    live_session: String,
    valid_token: i32,
    pending_email_change: i32,
    recent_digest: i32,
    waiting_line: i32,
    audit_300: i32,
}

async fn mail(
    db: &sea_orm::DatabaseConnection,
    status: OutboxStatus,
    created: DateTime<Utc>,
) -> i32 {
    outbox_email::ActiveModel {
        to_address: Set("marie.lefevre@familles-de-france.example".into()),
        to_name: Set("Marie Lefèvre".into()),
        subject: Set(format!("Message {status:?}")),
        body_text: Set("Votre lien : https://ecoute.example/invitation/secret".into()),
        body_html: Set("<p>secret</p>".into()),
        ics: Set(Some("BEGIN:VCALENDAR".into())),
        status: Set(status),
        attempts: Set(1),
        next_attempt_at: Set(created),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(created),
        sent_at: Set((status == OutboxStatus::Sent).then_some(created)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn session(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    seen: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> String {
    let id = app::services::accounts::sessions::new_token();
    login_session::ActiveModel {
        id: Set(id.clone()),
        user_id: Set(user_id),
        created_at: Set(seen),
        last_seen_at: Set(seen),
        expires_at: Set(expires),
        ip: Set(None),
        user_agent: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
    id
}

async fn token(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    expires: DateTime<Utc>,
    used: Option<DateTime<Utc>>,
) -> i32 {
    user_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(TokenPurpose::PasswordReset),
        token_hash: Set(app::services::accounts::sessions::new_token()),
        expires_at: Set(expires),
        used_at: Set(used),
        created_at: Set(expires - Duration::days(7)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn digest_with_line(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    at: DateTime<Utc>,
) -> i32 {
    let sent = digest::ActiveModel {
        user_id: Set(user_id),
        cadence: Set(Cadence::Daily),
        period: Set(at.date_naive()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    line(db, user_id, at - Duration::hours(3), Some(sent.id)).await;
    sent.id
}

async fn line(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    at: DateTime<Utc>,
    digest_id: Option<i32>,
) -> i32 {
    digest_item::ActiveModel {
        user_id: Set(user_id),
        kind: Set(NoticeKind::Participation),
        cadence: Set(Cadence::Daily),
        proposal_id: Set(None),
        line: Set("Un commentaire".into()),
        created_at: Set(at),
        digest_id: Set(digest_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn audit(db: &sea_orm::DatabaseConnection, at: DateTime<Utc>) -> i32 {
    audit_event::ActiveModel {
        occurred_at: Set(at),
        actor_user_id: Set(None),
        actor_label: Set("essai".into()),
        kind: Set("retention.test".into()),
        target_type: Set(None),
        target_id: Set(None),
        ip: Set(None),
        detail: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A new e-mail address waiting for its confirmation until `expires`.
async fn email_change(
    db: &sea_orm::DatabaseConnection,
    user_id: i32,
    expires: DateTime<Utc>,
    used: Option<DateTime<Utc>>,
) -> i32 {
    email_change::ActiveModel {
        user_id: Set(user_id),
        new_email: Set(format!("nouvelle-{}@exemple.fr", expires.timestamp())),
        token_hash: Set(app::services::accounts::sessions::new_token()),
        requested_by: Set(None),
        expires_at: Set(expires),
        used_at: Set(used),
        created_at: Set(expires - Duration::days(7)),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn fill(db: &sea_orm::DatabaseConnection, now: DateTime<Utc>) -> Rows {
    let person = user::Entity::find().one(db).await.unwrap().unwrap().id;
    let days = Duration::days;
    let rows = Rows {
        old_sent: mail(db, OutboxStatus::Sent, now - days(31)).await,
        old_failed: mail(db, OutboxStatus::Failed, now - days(40)).await,
        old_pending: mail(db, OutboxStatus::Pending, now - days(40)).await,
        recent_sent: mail(db, OutboxStatus::Sent, now - days(29)).await,
        live_session: session(
            db,
            person,
            now - Duration::minutes(5),
            now + Duration::hours(6),
        )
        .await,
        valid_token: token(db, person, now + days(2), None).await,
        pending_email_change: email_change(db, person, now + days(3), None).await,
        recent_digest: digest_with_line(db, person, now - days(80)).await,
        waiting_line: line(db, person, now - days(2), None).await,
        audit_300: audit(db, now - days(300)).await,
    };
    session(
        db,
        person,
        now - Duration::minutes(31),
        now + Duration::hours(6),
    )
    .await;
    session(
        db,
        person,
        now - Duration::minutes(1),
        now - Duration::seconds(1),
    )
    .await;
    token(db, person, now + days(2), Some(now - days(1))).await;
    token(db, person, now - Duration::minutes(1), None).await;
    email_change(db, person, now + days(4), Some(now - days(1))).await;
    email_change(db, person, now - Duration::minutes(1), None).await;
    for (key, at) in [
        ("compte:ancien", now - days(2)),
        ("compte:recent", now - Duration::seconds(30)),
    ] {
        throttle::ActiveModel {
            key: Set(key.into()),
            count: Set(3),
            revision: Set(1),
            window_started_at: Set(at),
            next_allowed_at: Set(at),
            updated_at: Set(at),
        }
        .insert(db)
        .await
        .unwrap();
    }
    digest_with_line(db, person, now - days(100)).await;
    line(db, person, now - days(95), None).await;
    audit(db, now - days(400)).await;
    rows
}

#[tokio::test]
async fn each_kind_of_row_goes_after_its_period_and_nothing_else() {
    let test = common::with_demo().await;
    let db = &test.db;
    let now = Utc::now();
    // The demo's own rows (audit events, outbox) are of today.
    let sessions_before = login_session::Entity::find().count(db).await.unwrap();
    let rows = fill(db, now).await;
    // A message wiped as it was delivered stays as it is.
    let wiped = mail(db, OutboxStatus::Sent, now - Duration::days(60)).await;
    outbox_email::ActiveModel {
        id: Set(wiped),
        body_text: Set(WIPED.into()),
        body_html: Set(WIPED.into()),
        ics: Set(None),
        ..Default::default()
    }
    .update(db)
    .await
    .unwrap();

    let purged = retention::apply(db, Policy::default(), now).await.unwrap();
    assert_eq!(purged.mail_bodies, 2, "{purged:?}");
    assert_eq!(purged.sessions, 2, "{purged:?}");
    assert_eq!(purged.tokens, 4, "{purged:?}");
    assert_eq!(purged.throttles, 1, "{purged:?}");
    assert_eq!(purged.digest_items, 2, "{purged:?}");
    assert_eq!(purged.digests, 1, "{purged:?}");
    assert_eq!(purged.audit_events, 1, "{purged:?}");

    for id in [rows.old_sent, rows.old_failed] {
        let row = outbox_email::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.body_text, DROPPED);
        assert_eq!(row.body_html, DROPPED);
        assert_eq!(row.ics, None);
        assert_eq!(
            row.to_address, "marie.lefevre@familles-de-france.example",
            "metadata kept"
        );
        assert!(row.subject.starts_with("Message "));
    }
    let row = outbox_email::Entity::find_by_id(wiped)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.body_text, WIPED);
    for id in [rows.old_pending, rows.recent_sent] {
        let row = outbox_email::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.body_text.contains("secret"), "{id} kept whole");
    }
    let sessions: Vec<String> = login_session::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert!(sessions.contains(&rows.live_session));
    assert_eq!(sessions.len() as u64, sessions_before + 1);
    let tokens: Vec<i32> = user_token::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(tokens, vec![rows.valid_token]);
    let changes: Vec<i32> = email_change::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(changes, vec![rows.pending_email_change]);
    let counters: Vec<String> = throttle::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(counters, vec!["compte:recent".to_string()]);
    let digests: Vec<i32> = digest::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(digests, vec![rows.recent_digest]);
    let lines = digest_item::Entity::find().all(db).await.unwrap();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l.id == rows.waiting_line));
    assert!(lines
        .iter()
        .any(|l| l.digest_id == Some(rows.recent_digest)));
    let kept_audit = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("retention.test"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(kept_audit.len(), 1);
    assert_eq!(kept_audit[0].id, rows.audit_300);

    let again = retention::apply(db, Policy::default(), now).await.unwrap();
    assert_eq!(again.total(), 0, "{again:?}");
    test.drop_db().await;
}

#[tokio::test]
async fn the_ministry_may_keep_the_journal_longer() {
    let test = common::with_demo().await;
    let now = Utc::now();
    fill(&test.db, now).await;
    let policy = Policy {
        audit_days: 3650,
        ..Policy::default()
    };
    let purged = retention::apply(&test.db, policy, now).await.unwrap();
    assert_eq!(purged.audit_events, 0);
    assert_eq!(
        audit_event::Entity::find()
            .filter(audit_event::Column::Kind.eq("retention.test"))
            .count(&test.db)
            .await
            .unwrap(),
        2
    );
    test.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_applying_it_at_once_do_it_once() {
    let test = common::with_demo().await;
    let now = Utc::now();
    fill(&test.db, now).await;
    let other = server::db::connect(&test.url, 2).await.unwrap();
    let (a, b) = tokio::join!(
        retention::apply(&test.db, Policy::default(), now),
        retention::apply(&other, Policy::default(), now),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.total() + b.total(), 13, "{a:?} {b:?}");
    assert_eq!(a.mail_bodies + b.mail_bodies, 2);
    other.close().await.ok();
    test.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_worker_applies_it_and_beats() {
    let test = common::with_demo().await;
    let now = Utc::now();
    let rows = fill(&test.db, now).await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = server::mailer::Mailer::new(&server::mailer::MailConfig {
        mail_dir: dir.path().to_path_buf(),
        ..server::mailer::MailConfig::from_lookup(|_| None)
    })
    .unwrap();
    let heartbeat = server::health::Heartbeat::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(server::mailer::run_worker(
        test.db.clone(),
        mailer,
        server::mailer::Rounds {
            public_url: common::PUBLIC_URL.into(),
            digests: Default::default(),
            retention: Policy::default(),
        },
        std::time::Duration::from_millis(50),
        heartbeat.clone(),
        async {
            stopped.await.ok();
        },
    ));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let row = outbox_email::Entity::find_by_id(rows.old_sent)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap();
        if row.body_text == DROPPED {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the worker applied no retention"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(heartbeat.age(Utc::now()).is_some(), "the worker beats");
    stop.send(()).unwrap();
    worker.await.unwrap();
    test.drop_db().await;
}
