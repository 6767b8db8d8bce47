//! The sign-in throttle and the password-reset limits (issue 18, items 1, 2
//! and 16): they slow guessing down without letting anyone shut a person
//! out, count an attempt before its password is checked, and take the
//! client's address from the trusted proxies only.

use crate::common;

use app::entities::{audit_event, outbox_email, user};
use app::services::accounts::passwords;
use app::services::accounts::people::{
    self as accounts, Origin, PER_ACCOUNT, PER_ACCOUNT_FROM_ADDRESS, PER_ADDRESS,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PASSWORD: &str = "une phrase de passe solide";
const EMAIL: &str = "claire@interieur.gouv.fr";

async fn admin(test: &common::TestDb) -> user::Model {
    accounts::create_admin(&test.db, EMAIL, "Claire Martin", PASSWORD)
        .await
        .unwrap()
}

fn from(ip: &str) -> Origin {
    Origin {
        ip: Some(ip.to_string()),
        user_agent: Some("test".into()),
    }
}

async fn attempt(
    test: &common::TestDb,
    password: &str,
    ip: &str,
    at: DateTime<Utc>,
) -> Result<(), String> {
    accounts::sign_in(&test.db, EMAIL, password, &from(ip), at)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn is_delay(message: &str) -> bool {
    message.contains("Trop de tentatives") && message.contains("réessayez dans")
}

async fn count(test: &common::TestDb, kind: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq(kind))
        .count(&test.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn failures_bring_a_growing_delay_never_a_lock_out() {
    let test = common::migrated().await;
    admin(&test).await;
    let start = Utc::now();
    for _ in 0..PER_ACCOUNT_FROM_ADDRESS.free {
        let err = attempt(&test, "mauvais mot de passe", "10.0.0.1", start)
            .await
            .unwrap_err();
        assert!(err.contains("incorrect"), "{err}");
    }
    // Even the right password waits its turn, then works: a delay, not a lock.
    let early = attempt(&test, PASSWORD, "10.0.0.1", start)
        .await
        .unwrap_err();
    assert!(is_delay(&early), "{early}");
    assert!(early.contains("1 seconde"), "{early}");
    let mut at = start;
    let mut waits = Vec::new();
    for _ in 0..4 {
        at += PER_ACCOUNT_FROM_ADDRESS.delay(PER_ACCOUNT_FROM_ADDRESS.free + waits.len() as i32);
        assert!(attempt(&test, "toujours faux", "10.0.0.1", at)
            .await
            .unwrap_err()
            .contains("incorrect"));
        let wait = attempt(&test, "toujours faux", "10.0.0.1", at)
            .await
            .unwrap_err();
        assert!(is_delay(&wait), "{wait}");
        waits.push(wait);
    }
    assert_eq!(
        waits,
        ["2 secondes", "4 secondes", "8 secondes", "16 secondes"]
            .map(|w| format!("Trop de tentatives de connexion : réessayez dans {w}, ou recevez un lien par « Mot de passe oublié ? »."))
    );
    at += Duration::seconds(16);
    attempt(&test, PASSWORD, "10.0.0.1", at).await.unwrap();
    // Signing in forgets the failures from that address.
    for _ in 0..PER_ACCOUNT_FROM_ADDRESS.free - 1 {
        assert!(attempt(&test, "faux", "10.0.0.1", at)
            .await
            .unwrap_err()
            .contains("incorrect"));
    }
    attempt(&test, PASSWORD, "10.0.0.1", at).await.unwrap();
    test.drop_db().await;
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_keep_the_owner_out() {
    let test = common::migrated().await;
    admin(&test).await;
    let start = Utc::now();
    // The owner signed in from their office once.
    attempt(&test, PASSWORD, "192.0.2.10", start).await.unwrap();
    // An attacker spread over many addresses keeps failing for an hour,
    // as fast as the delays let them.
    let mut at = start;
    let mut guesses = 0;
    while at < start + Duration::hours(1) {
        let ip = format!("203.0.113.{}", guesses % 200);
        if attempt(&test, "devinette", &ip, at)
            .await
            .unwrap_err()
            .contains("incorrect")
        {
            guesses += 1;
        }
        at += Duration::seconds(20);
    }
    // The shared counter slowed them down: the free attempts, then one per
    // delay (at most five minutes apart).
    assert!(guesses < 40, "{guesses} guesses in an hour, of 180 tried");
    // The owner signs in at once from where they signed in before…
    attempt(&test, PASSWORD, "192.0.2.10", at).await.unwrap();
    // …and from a new address at worst after the ceiling of the delay.
    let fresh = attempt(&test, PASSWORD, "198.51.100.7", at).await;
    if let Err(wait) = fresh {
        assert!(is_delay(&wait), "{wait}");
        attempt(
            &test,
            PASSWORD,
            "198.51.100.7",
            at + PER_ACCOUNT.longest_delay,
        )
        .await
        .unwrap();
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_busy_address_is_slowed_without_shutting_anyone_else_out() {
    let test = common::migrated().await;
    admin(&test).await;
    let now = Utc::now();
    for n in 0..PER_ADDRESS.free {
        let email = format!("inconnu{n}@exemple.fr");
        assert!(
            accounts::sign_in(&test.db, &email, PASSWORD, &from("10.9.9.9"), now)
                .await
                .is_err()
        );
    }
    let same_address = attempt(&test, PASSWORD, "10.9.9.9", now).await.unwrap_err();
    assert!(is_delay(&same_address), "{same_address}");
    // The account itself is not touched: its owner signs in from elsewhere.
    attempt(&test, PASSWORD, "10.8.8.8", now).await.unwrap();
    assert!(count(&test, "signin.throttled").await >= 1);
    test.drop_db().await;
}

#[tokio::test]
async fn parallel_attempts_are_counted_before_their_password_is_checked() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let now = Utc::now();
    let attempts = (0..200).map(|n| {
        let db = test.db.clone();
        tokio::spawn(async move {
            accounts::sign_in(
                &db,
                EMAIL,
                "mauvais mot de passe",
                &from(&format!("10.1.{}.{}", n / 250, n % 250)),
                now,
            )
            .await
            .unwrap_err()
            .to_string()
        })
    });
    let answers = futures_answers(attempts).await;
    // Every password check is journaled as a failure of the account, so
    // their number is the number of checks.
    let checked = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("signin.failed"))
        .filter(audit_event::Column::TargetId.eq(person.id))
        .count(&test.db)
        .await
        .unwrap();
    assert!(
        checked <= PER_ACCOUNT.free as u64,
        "{checked} passwords checked for {} allowed",
        PER_ACCOUNT.free
    );
    assert_eq!(
        answers.iter().filter(|a| a.contains("incorrect")).count() as u64,
        checked
    );
    assert!(answers
        .iter()
        .all(|a| a.contains("incorrect") || is_delay(a) || a == passwords::BUSY));
    assert!(passwords::pool().most_running() <= passwords::capacity());
    test.drop_db().await;
}

async fn futures_answers(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<String>>,
) -> Vec<String> {
    let mut answers = Vec::new();
    for task in tasks.collect::<Vec<_>>() {
        answers.push(task.await.unwrap());
    }
    answers
}

#[tokio::test]
async fn the_journal_never_keeps_what_was_typed_as_an_identifier() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let now = Utc::now();
    let typed = "Mon-Mot-De-Passe-Secret";
    assert!(
        accounts::sign_in(&test.db, typed, "x", &from("10.0.0.1"), now)
            .await
            .is_err()
    );
    attempt(&test, "faux", "10.0.0.1", now).await.unwrap_err();
    let events = audit_event::Entity::find().all(&test.db).await.unwrap();
    assert!(events
        .iter()
        .all(|e| !e.detail.to_lowercase().contains(&typed.to_lowercase())
            && !e.actor_label.to_lowercase().contains(&typed.to_lowercase())));
    let failures: Vec<_> = events
        .iter()
        .filter(|e| e.kind == "signin.failed")
        .collect();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].target_id, None);
    assert_eq!(failures[1].target_id, Some(person.id));
    assert!(accounts::request_password_reset(
        &test.db,
        "inconnue@exemple.fr",
        &from("10.0.0.1"),
        common::PUBLIC_URL,
        now
    )
    .await
    .is_ok());
    let reset = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("password.reset_unknown"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!reset.detail.contains("inconnue"), "{}", reset.detail);
    test.drop_db().await;
}

#[tokio::test]
async fn a_reset_request_is_sent_or_honestly_refused() {
    let test = common::migrated().await;
    admin(&test).await;
    let now = Utc::now();
    let reset = |email: &'static str, ip: &'static str| {
        let db = test.db.clone();
        async move {
            accounts::request_password_reset(&db, email, &from(ip), common::PUBLIC_URL, now)
                .await
                .map_err(|e| e.to_string())
        }
    };
    let sent = || async {
        outbox_email::Entity::find()
            .filter(outbox_email::Column::ToAddress.eq(EMAIL))
            .count(&test.db)
            .await
            .unwrap()
    };
    // From many addresses behind one proxy (distinct here), the owner's
    // requests are sent; beyond a few an hour, the page says none was.
    for (n, ip) in ["10.0.0.1", "10.0.0.2", "10.0.0.3"].into_iter().enumerate() {
        reset(EMAIL, ip).await.unwrap();
        assert_eq!(sent().await, n as u64 + 1);
    }
    let refused = reset(EMAIL, "10.0.0.4").await.unwrap_err();
    assert!(
        refused.contains("aucun nouveau message n'a été envoyé"),
        "{refused}"
    );
    assert_eq!(sent().await, 3);
    // The same words for an address without account: nothing is revealed.
    for ip in ["10.0.1.1", "10.0.1.2", "10.0.1.3"] {
        reset("personne@exemple.fr", ip).await.unwrap();
    }
    let unknown = reset("personne@exemple.fr", "10.0.1.4").await.unwrap_err();
    assert_eq!(unknown, refused);
    // One address flooding the form is told so too.
    let mut answers = Vec::new();
    for n in 0..12 {
        let email: &'static str = Box::leak(format!("x{n}@exemple.fr").into_boxed_str());
        answers.push(reset(email, "10.7.7.7").await);
    }
    let flood = answers.last().unwrap().clone().unwrap_err();
    assert!(
        flood.contains("depuis votre connexion") && flood.contains("aucun message"),
        "{flood}"
    );
    test.drop_db().await;
}

mod behind_a_proxy {
    use super::*;
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use axum::http::{header, Request};
    use leptos::server_fn::ServerFn;
    use std::net::SocketAddr;
    use tower::ServiceExt;

    fn sign_in_from(peer: &str, forwarded_for: &str, email: &str, password: &str) -> Request<Body> {
        let mut request = Request::post(<app::api::account::SignIn as ServerFn>::PATH)
            .header(header::ORIGIN, common::PUBLIC_URL)
            .header(header::REFERER, format!("{}/connexion", common::PUBLIC_URL))
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", forwarded_for)
            .body(Body::from(format!(
                "email={}&password={}&next=",
                email.replace('@', "%40"),
                password.replace(' ', "+")
            )))
            .unwrap();
        let peer: SocketAddr = format!("{peer}:4711").parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    }

    /// The error a refused form sends back to its page with (`__err=`).
    fn error_in(location: &str) -> String {
        use base64::Engine;
        let encoded = location.split("__err=").nth(1).expect("an error");
        let encoded = encoded.replace("%3D", "=");
        let json = base64::engine::general_purpose::URL_SAFE
            .decode(&encoded)
            .or_else(|_| base64::engine::general_purpose::STANDARD.decode(&encoded))
            .unwrap();
        String::from_utf8(json).unwrap()
    }

    async fn journal_addresses(test: &common::TestDb, kind: &str) -> Vec<Option<String>> {
        audit_event::Entity::find()
            .filter(audit_event::Column::Kind.eq(kind))
            .all(&test.db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.ip)
            .collect()
    }

    #[tokio::test]
    async fn behind_a_trusted_proxy_each_client_has_its_own_address() {
        let test = common::migrated().await;
        admin(&test).await;
        let site = tempfile::tempdir().unwrap();
        let app = common::router_behind(
            &test,
            site.path(),
            common::PUBLIC_URL,
            std::time::Duration::ZERO,
            "10.0.0.0/8",
        );
        // 30 failures of 30 clients behind the one proxy: the proxy's
        // address is not theirs, so none is slowed down as an address…
        for n in 0..30 {
            let response = app
                .clone()
                .oneshot(sign_in_from(
                    "10.0.0.2",
                    &format!("6.6.6.6, 203.0.113.{n}"),
                    &format!("inconnu{n}@exemple.fr"),
                    "faux",
                ))
                .await
                .unwrap();
            let location = response.headers()[header::LOCATION].to_str().unwrap();
            assert!(error_in(location).contains("incorrect"), "{location}");
        }
        let addresses = journal_addresses(&test, "signin.failed").await;
        assert_eq!(addresses.len(), 30);
        assert_eq!(addresses[7].as_deref(), Some("203.0.113.7"));
        // …and the owner, behind the same proxy, signs in.
        let owner = app
            .clone()
            .oneshot(sign_in_from("10.0.0.2", "192.0.2.44", EMAIL, PASSWORD))
            .await
            .unwrap();
        // Signed in: the secretariat of a body not yet set up is led to
        // « Mise en place ».
        assert_eq!(owner.headers()[header::LOCATION], "/admin/mise-en-place");
        assert_eq!(
            journal_addresses(&test, "signin.succeeded").await,
            [Some("192.0.2.44".to_string())]
        );
        test.drop_db().await;
    }

    #[tokio::test]
    async fn without_a_trusted_proxy_forwarding_headers_are_ignored() {
        let test = common::migrated().await;
        admin(&test).await;
        let site = tempfile::tempdir().unwrap();
        let app = common::router(&test, site.path());
        // A client that writes X-Forwarded-For itself cannot take another
        // address to escape its counter, nor be written in the journal
        // under an address of its choosing.
        for n in 0..PER_ADDRESS.free {
            app.clone()
                .oneshot(sign_in_from(
                    "198.51.100.9",
                    &format!("203.0.113.{n}"),
                    &format!("inconnu{n}@exemple.fr"),
                    "faux",
                ))
                .await
                .unwrap();
        }
        let addresses = journal_addresses(&test, "signin.failed").await;
        assert!(
            addresses
                .iter()
                .all(|a| a.as_deref() == Some("198.51.100.9")),
            "{addresses:?}"
        );
        // Every failure was counted under the peer's address, none under
        // an address the client wrote (the delay it brings is in
        // `a_busy_address_is_slowed_without_shutting_anyone_else_out`).
        let counters = app::entities::throttle::Entity::find()
            .filter(app::entities::throttle::Column::Key.starts_with("adresse:"))
            .all(&test.db)
            .await
            .unwrap();
        assert_eq!(counters.len(), 1, "{counters:?}");
        assert_eq!(counters[0].key, "adresse:198.51.100.9");
        assert_eq!(counters[0].count, PER_ADDRESS.free);
        test.drop_db().await;
    }
}
