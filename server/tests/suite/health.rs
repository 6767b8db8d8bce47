//! `/sante/vivant` and `/sante/pret` as a proxy polls them: what makes a
//! server ready (database, schema, this server's outbox worker), and that
//! asking reads no session and writes nothing to the journal.

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use app::entities::{audit_event, login_session, user};
use app::services::accounts::sessions;
use server::health::Heartbeat;

use crate::common;

fn router_beating(test: &common::TestDb, heartbeat: Heartbeat) -> axum::Router {
    let site = std::env::temp_dir();
    let options = server::router::leptos_options(&site, "127.0.0.1:3000".parse().unwrap());
    server::router::build(
        common::state(test, common::PUBLIC_URL, std::time::Duration::ZERO),
        options,
        Default::default(),
        heartbeat,
    )
}

#[tokio::test]
async fn a_migrated_database_and_a_beating_worker_make_a_ready_server() {
    let test = common::migrated().await;
    let heartbeat = Heartbeat::default();
    let app = router_beating(&test, heartbeat.clone());

    let alive = common::get(&app, "/sante/vivant", None).await;
    assert_eq!(alive.status, StatusCode::OK);
    assert_eq!(alive.headers["cache-control"], "no-store");

    let starting = common::get(&app, "/sante/pret", None).await;
    assert_eq!(starting.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        starting
            .text()
            .contains("envoi des courriels : pas encore démarré"),
        "{}",
        starting.text()
    );

    heartbeat.beat(Utc::now());
    let ready = common::get(&app, "/sante/pret", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text());
    let text = ready.text();
    assert!(text.starts_with("prêt\n"), "{text}");
    assert!(text.contains("base de données : ok"), "{text}");
    assert!(text.contains("migrations : ok"), "{text}");

    heartbeat.beat(Utc::now() - Duration::seconds(90));
    let stuck = common::get(&app, "/sante/pret", None).await;
    assert_eq!(stuck.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        stuck.text().contains("envoi des courriels : arrêté"),
        "{}",
        stuck.text()
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_database_without_this_servers_migrations_is_not_ready() {
    let test = common::empty().await;
    let app = router_beating(&test, common::beating());
    let response = common::get(&app, "/sante/pret", None).await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    let text = response.text();
    assert!(text.contains("base de données : ok"), "{text}");
    assert!(
        text.contains("migrations : en attente (la dernière appliquée est aucune"),
        "{text}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn an_unreachable_database_is_not_ready_but_the_process_is_alive() {
    let test = common::migrated().await;
    let app = router_beating(&test, common::beating());
    test.db.clone().close().await.unwrap();
    let ready = common::get(&app, "/sante/pret", None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        ready.text().contains("base de données : injoignable"),
        "{}",
        ready.text()
    );
    let alive = common::get(&app, "/sante/vivant", None).await;
    assert_eq!(alive.status, StatusCode::OK);
    test.drop_db().await;
}

#[tokio::test]
async fn health_checks_read_no_session_and_write_no_journal() {
    let test = common::with_demo().await;
    let app = router_beating(&test, common::beating());
    let person = user::Entity::find().one(&test.db).await.unwrap().unwrap();
    let token = sessions::start(&test.db, person.id, None, None, Utc::now())
        .await
        .unwrap();
    let id = sessions::token_hash(&token);
    let seen = Utc::now() - Duration::minutes(5);
    login_session::ActiveModel {
        id: Set(id.clone()),
        last_seen_at: Set(seen),
        ..Default::default()
    }
    .update(&test.db)
    .await
    .unwrap();
    let journal = audit_event::Entity::find().count(&test.db).await.unwrap();
    let cookie = format!("{}={token}", app::auth::COOKIE);

    for path in ["/sante/vivant", "/sante/pret", "/sante/pret"] {
        let response = common::get(&app, path, Some(&cookie)).await;
        assert_eq!(response.status, StatusCode::OK, "{path}");
        assert!(!response.headers.contains_key("set-cookie"), "{path}");
    }
    let bogus = common::get(&app, "/sante/pret", Some("ecoute_session=inconnu")).await;
    assert_eq!(bogus.status, StatusCode::OK);
    let session = login_session::Entity::find_by_id(id.clone())
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        session.last_seen_at.timestamp(),
        seen.timestamp(),
        "the session was read"
    );
    assert_eq!(
        audit_event::Entity::find().count(&test.db).await.unwrap(),
        journal
    );

    // A page does read it, which the checks above would have shown.
    common::get(&app, "/tableau-de-bord", Some(&cookie)).await;
    let session = login_session::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(session.last_seen_at > seen);
    test.drop_db().await;
}
