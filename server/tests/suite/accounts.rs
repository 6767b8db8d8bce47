//! Sign-in, sessions and throttling, on the database under test.

use crate::common;

use app::entities::{audit_event, login_session, user};
use app::services::accounts::people::{self as accounts, Origin};
use app::services::accounts::sessions;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

const PASSWORD: &str = "une phrase de passe solide";

async fn admin(test: &common::TestDb) -> user::Model {
    accounts::create_admin(
        &test.db,
        "claire@interieur.gouv.fr",
        "Claire Martin",
        PASSWORD,
    )
    .await
    .unwrap()
}

fn from(ip: &str) -> Origin {
    Origin {
        ip: Some(ip.to_string()),
        user_agent: Some("test".into()),
    }
}

async fn audit_kinds(test: &common::TestDb) -> Vec<String> {
    audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

#[tokio::test]
async fn sign_in_opens_a_session_and_refuses_alike_unknown_and_wrong() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let now = Utc::now();

    let (user, token) = accounts::sign_in(
        &test.db,
        " Claire@Interieur.gouv.fr",
        PASSWORD,
        &from("10.0.0.1"),
        now,
    )
    .await
    .unwrap();
    assert_eq!(user.id, person.id);
    let resolved = sessions::resolve(&test.db, &test.db, &token, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(resolved.email, "claire@interieur.gouv.fr");
    let stored = login_session::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(stored.id, token, "the raw token must not be stored");

    let wrong = accounts::sign_in(
        &test.db,
        "claire@interieur.gouv.fr",
        "pas le bon mot de passe",
        &from("10.0.0.2"),
        now,
    )
    .await
    .unwrap_err();
    let unknown = accounts::sign_in(
        &test.db,
        "personne@interieur.gouv.fr",
        PASSWORD,
        &from("10.0.0.3"),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    assert_eq!(
        wrong.to_string(),
        "Adresse électronique ou mot de passe incorrect."
    );

    let kinds = audit_kinds(&test).await;
    assert_eq!(kinds.iter().filter(|k| *k == "signin.succeeded").count(), 1);
    assert_eq!(kinds.iter().filter(|k| *k == "signin.failed").count(), 2);
    let details: Vec<String> = audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect();
    assert!(details
        .iter()
        .all(|d| !d.contains(PASSWORD) && !d.contains(&token)));
    test.drop_db().await;
}

#[tokio::test]
async fn deactivated_accounts_cannot_sign_in_and_lose_their_sessions() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let now = Utc::now();
    let (_, token) = accounts::sign_in(&test.db, &person.email, PASSWORD, &from("10.0.0.1"), now)
        .await
        .unwrap();
    user::ActiveModel {
        id: Set(person.id),
        active: Set(false),
        ..Default::default()
    }
    .update(&test.db)
    .await
    .unwrap();
    assert!(sessions::resolve(&test.db, &test.db, &token, now)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        login_session::Entity::find().count(&test.db).await.unwrap(),
        0
    );
    assert!(
        accounts::sign_in(&test.db, &person.email, PASSWORD, &from("10.0.0.1"), now)
            .await
            .is_err()
    );
    test.drop_db().await;
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_or_12_hours() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let start = Utc::now();

    let idle = sessions::start(&test.db, person.id, None, None, start)
        .await
        .unwrap();
    assert!(
        sessions::resolve(&test.db, &test.db, &idle, start + Duration::minutes(29))
            .await
            .unwrap()
            .is_some()
    );
    assert!(sessions::resolve(
        &test.db,
        &test.db,
        &idle,
        start + Duration::minutes(29 + 31)
    )
    .await
    .unwrap()
    .is_none());

    let busy = sessions::start(&test.db, person.id, None, None, start)
        .await
        .unwrap();
    let mut at = start;
    while at < start + Duration::hours(12) - Duration::minutes(20) {
        at += Duration::minutes(20);
        assert!(
            sessions::resolve(&test.db, &test.db, &busy, at)
                .await
                .unwrap()
                .is_some(),
            "active at {at}"
        );
    }
    assert!(
        sessions::resolve(&test.db, &test.db, &busy, start + Duration::hours(12))
            .await
            .unwrap()
            .is_none()
    );
    test.drop_db().await;
}

#[tokio::test]
async fn ending_the_other_sessions_keeps_the_current_one() {
    let test = common::migrated().await;
    let person = admin(&test).await;
    let now = Utc::now();
    let here = sessions::start(&test.db, person.id, None, None, now)
        .await
        .unwrap();
    let phone = sessions::start(&test.db, person.id, None, None, now)
        .await
        .unwrap();
    let listed = sessions::list(&test.db, person.id, &here, now)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    assert_eq!(
        sessions::end_others(&test.db, person.id, Some(&here))
            .await
            .unwrap(),
        1
    );
    assert!(sessions::resolve(&test.db, &test.db, &here, now)
        .await
        .unwrap()
        .is_some());
    assert!(sessions::resolve(&test.db, &test.db, &phone, now)
        .await
        .unwrap()
        .is_none());
    test.drop_db().await;
}

mod over_http {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use leptos::server_fn::ServerFn;
    use tower::ServiceExt;

    fn form(path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
        let mut request = Request::post(path)
            .header(header::ORIGIN, common::PUBLIC_URL)
            .header(header::REFERER, format!("{}/connexion", common::PUBLIC_URL))
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Body::from(body.to_string())).unwrap()
    }

    fn session_cookie(response: &axum::response::Response) -> String {
        response.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .to_string()
    }

    #[tokio::test]
    async fn signing_in_renews_the_session_and_signing_out_ends_it_on_the_server() {
        let test = common::migrated().await;
        admin(&test).await;
        let site = tempfile::tempdir().unwrap();
        let app = common::router(&test, site.path());
        let sign_in = <app::api::account::SignIn as ServerFn>::PATH;
        let body = format!(
            "email=claire%40interieur.gouv.fr&password={}&next=%2Fmembres",
            PASSWORD.replace(' ', "+")
        );

        let first = app
            .clone()
            .oneshot(form(sign_in, None, &body))
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::FOUND);
        assert_eq!(first.headers()[header::LOCATION], "/membres");
        let cookie = session_cookie(&first);
        assert!(cookie.starts_with("ecoute_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let first_pair = cookie.split(';').next().unwrap().to_string();

        let second = app
            .clone()
            .oneshot(form(sign_in, Some(&first_pair), &body))
            .await
            .unwrap();
        let second_pair = session_cookie(&second)
            .split(';')
            .next()
            .unwrap()
            .to_string();
        assert_ne!(first_pair, second_pair, "a new session id at every sign-in");
        assert_eq!(
            login_session::Entity::find().count(&test.db).await.unwrap(),
            1,
            "the old session is gone"
        );

        let sign_out = <app::api::account::SignOut as ServerFn>::PATH;
        let out = app
            .clone()
            .oneshot(form(sign_out, Some(&second_pair), ""))
            .await
            .unwrap();
        assert!(session_cookie(&out).contains("Max-Age=0"));
        assert_eq!(
            login_session::Entity::find().count(&test.db).await.unwrap(),
            0
        );

        let wrong = app
            .clone()
            .oneshot(form(
                sign_in,
                None,
                "email=claire%40interieur.gouv.fr&password=faux&next=",
            ))
            .await
            .unwrap();
        let location = wrong.headers()[header::LOCATION].to_str().unwrap();
        assert!(
            location.contains("/connexion?") && location.contains("__err="),
            "{location}"
        );
        assert!(wrong.headers().get(header::SET_COOKIE).is_none());
        test.drop_db().await;
    }

    #[tokio::test]
    async fn after_signing_in_only_a_path_of_our_own_is_followed() {
        let test = common::migrated().await;
        admin(&test).await;
        let site = tempfile::tempdir().unwrap();
        let app = common::router(&test, site.path());
        let sign_in = <app::api::account::SignIn as ServerFn>::PATH;
        for (next, expected) in [
            ("%2Fpropositions%3Fpage%3D2", "/propositions?page=2"),
            ("%2F%09%2Fevil.example%2F", "/"),
            ("%2F%0A%2Fevil.example%2F", "/"),
            ("%2F%0D%0ASet-Cookie%3A+x%3D1", "/"),
            ("%2F%5Cevil.example", "/"),
            ("%2F%2Fevil.example", "/"),
            ("https%3A%2F%2Fevil.example%2F", "/"),
            ("%2Fd%C3%A9marches", "/d%C3%A9marches"),
        ] {
            let body = format!(
                "email=claire%40interieur.gouv.fr&password={}&next={next}",
                PASSWORD.replace(' ', "+")
            );
            let response = app
                .clone()
                .oneshot(form(sign_in, None, &body))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FOUND, "{next}");
            assert_eq!(response.headers()[header::LOCATION], expected, "{next}");
        }
        test.drop_db().await;
    }

    #[tokio::test]
    async fn over_https_the_session_cookie_is_secure_and_bound_to_the_origin() {
        let test = common::migrated().await;
        admin(&test).await;
        let site = tempfile::tempdir().unwrap();
        let public = "https://ecoute.example";
        let app = common::router_at(&test, site.path(), public);
        let sign_in = <app::api::account::SignIn as ServerFn>::PATH;
        let body = format!(
            "email=claire%40interieur.gouv.fr&password={}&next=%2Fcompte%2Fsessions",
            PASSWORD.replace(' ', "+")
        );
        let request = Request::post(sign_in)
            .header(header::ORIGIN, public)
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        let cookie = session_cookie(&response);
        assert!(cookie.starts_with("__Host-ecoute_session="), "{cookie}");
        for flag in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(flag), "{flag} missing: {cookie}");
        }
        assert!(!cookie.contains("Domain="), "{cookie}");
        let pair = cookie.split(';').next().unwrap().to_string();
        let page = app
            .clone()
            .oneshot(
                Request::get("/compte/sessions")
                    .header(header::ACCEPT, "text/html")
                    .header(header::COOKIE, &pair)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK, "the secure cookie signs in");
        // The plain name is not accepted over HTTPS.
        let plain = pair.replace("__Host-ecoute_session", "ecoute_session");
        let refused = app
            .oneshot(
                Request::get("/compte/sessions")
                    .header(header::ACCEPT, "text/html")
                    .header(header::COOKIE, plain)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FOUND, "sent to sign in");
        test.drop_db().await;
    }
}

#[tokio::test]
async fn the_journal_filters_by_person_and_kind_and_pages() {
    use app::services::accounts::audit::{self, Actor};

    let test = common::migrated().await;
    let claire = admin(&test).await;
    let as_claire = Actor::User {
        id: claire.id,
        email: claire.email.clone(),
    };
    for n in 0..60 {
        audit::record(
            &test.db,
            &as_claire,
            "test.event",
            None,
            None,
            format!("n° {n}"),
        )
        .await
        .unwrap();
    }
    for _ in 0..5 {
        audit::record(
            &test.db,
            &Actor::System("courrier"),
            "mail.sent",
            None,
            None,
            "",
        )
        .await
        .unwrap();
    }
    let first = audit::journal(&test.db, "CLAIRE@", "test.event", 1)
        .await
        .unwrap();
    assert_eq!((first.total, first.pages), (60, 2));
    assert_eq!(first.entries.len() as u64, audit::JOURNAL_PAGE_SIZE);
    assert_eq!(first.entries[0].detail, "n° 59", "most recent first");
    let second = audit::journal(&test.db, "claire", "test.event", 2)
        .await
        .unwrap();
    assert_eq!(second.entries.len(), 10);
    assert_eq!(second.entries.last().unwrap().detail, "n° 0");
    let mail = audit::journal(&test.db, "", "mail.sent", 1).await.unwrap();
    assert_eq!(mail.total, 5);
    assert!(mail.entries.iter().all(|e| e.kind == "mail.sent"));
    assert!(mail.kinds.contains(&"test.event".to_string()));
    let nobody = audit::journal(&test.db, "inconnu", "", 1).await.unwrap();
    assert_eq!(nobody.total, 0);
    test.drop_db().await;
}

#[tokio::test]
async fn a_session_knows_every_group_its_person_leads_and_no_other() {
    use app::entities::working_group;
    use sea_orm::QueryOrder;

    let test = common::with_demo().await;
    let lead = common::demo_person(&test, "julien.garnier@ants.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    let groups = working_group::Entity::find()
        .order_by_asc(working_group::Column::Id)
        .all(&test.db)
        .await
        .unwrap();
    let led = groups
        .iter()
        .find(|g| g.lead_user_id == Some(lead.id))
        .expect("the demo lead runs a group");
    let also = groups
        .iter()
        .find(|g| g.lead_user_id != Some(lead.id))
        .unwrap();
    let mut second: working_group::ActiveModel = also.clone().into();
    second.lead_user_id = Set(Some(lead.id));
    second.update(&test.db).await.unwrap();

    let now = Utc::now();
    let lead_token = sessions::start(&test.db, lead.id, None, None, now)
        .await
        .unwrap();
    let mut lead_of = sessions::resolve(&test.db, &test.db, &lead_token, now)
        .await
        .unwrap()
        .unwrap()
        .lead_of;
    lead_of.sort_unstable();
    let mut expected = vec![led.id, also.id];
    expected.sort_unstable();
    assert_eq!(lead_of, expected);

    let member_token = sessions::start(&test.db, member.id, None, None, now)
        .await
        .unwrap();
    let signed_in = sessions::resolve(&test.db, &test.db, &member_token, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed_in.email, member.email);
    assert!(signed_in.lead_of.is_empty());
    test.drop_db().await;
}
