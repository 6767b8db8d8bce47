//! Security headers, the cross-site refusal and the body cap, through axum.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let response = app
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let html = String::from_utf8(
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();

    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the page CSP has a nonce");
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script lacks the nonce"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");

    let again = common::router(&test, site.path())
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let other = again.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert_ne!(other, csp, "the nonce must change at every response");
    test.drop_db().await;
}

#[tokio::test]
async fn non_page_responses_get_a_strict_default_csp() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("robots.txt"), "User-agent: *\n").unwrap();
    let response = common::router(&test, site.path())
        .oneshot(Request::get("/robots.txt").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.starts_with("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let post = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut request = Request::post("/api/anything").header(header::HOST, "127.0.0.1:3000");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.body(Body::from("a=1")).unwrap()
    };

    let foreign = app
        .clone()
        .oneshot(post(Some("https://evil.example"), None))
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let body = foreign.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("ne provient pas d'une page d'Écoute"));

    let cross = app
        .clone()
        .oneshot(post(None, Some("cross-site")))
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);

    let own = app
        .clone()
        .oneshot(post(Some(common::PUBLIC_URL), Some("same-origin")))
        .await
        .unwrap();
    assert_ne!(
        own.status(),
        StatusCode::FORBIDDEN,
        "our own pages must get through"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_state_change_that_says_nothing_of_its_origin_is_checked_on_its_referer_or_refused() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let post = |header: Option<(&str, &str)>| {
        let mut request = Request::post("/api/anything").header(header::HOST, "127.0.0.1:3000");
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        request.body(Body::from("a=1")).unwrap()
    };
    for (case, header, refused) in [
        ("nothing at all", None, true),
        (
            "a foreign page",
            Some(("referer", "https://evil.example/form")),
            true,
        ),
        (
            "a page whose host only starts like ours",
            Some(("referer", "http://127.0.0.1:3000.evil.example/")),
            true,
        ),
        (
            "a sibling site",
            Some(("sec-fetch-site", "same-site")),
            true,
        ),
        (
            "one of our pages",
            Some(("referer", "http://127.0.0.1:3000/propositions/DA-2019-0001")),
            false,
        ),
        (
            "the browser's word",
            Some(("sec-fetch-site", "same-origin")),
            false,
        ),
    ] {
        let response = app.clone().oneshot(post(header)).await.unwrap();
        assert_eq!(
            response.status() == StatusCode::FORBIDDEN,
            refused,
            "{case}: {}",
            response.status()
        );
    }
    test.drop_db().await;
}

#[tokio::test]
async fn an_https_deployment_tells_browsers_to_stay_on_https() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let secure = common::get(
        &common::router_at(&test, site.path(), "https://ecoute.example"),
        "/",
        None,
    )
    .await;
    let hsts = secure.headers[header::STRICT_TRANSPORT_SECURITY]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
    let plain = common::get(&common::router(&test, site.path()), "/", None).await;
    assert!(plain
        .headers
        .get(header::STRICT_TRANSPORT_SECURITY)
        .is_none());
    test.drop_db().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_origin_is_the_one_the_client_reached() {
    use axum::extract::ConnectInfo;

    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router_behind(
        &test,
        site.path(),
        "http://127.0.0.1:3000",
        std::time::Duration::ZERO,
        "127.0.0.1",
    );
    let post = |peer: &str, origin: &str| {
        let mut request = Request::post("/api/anything")
            .header(header::HOST, "127.0.0.1:3000")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "ecoute.example")
            .header(header::ORIGIN, origin)
            .body(Body::from("a=1"))
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo::<std::net::SocketAddr>(
                format!("{peer}:5000").parse().unwrap(),
            ));
        request
    };
    let through_proxy = app
        .clone()
        .oneshot(post("127.0.0.1", "https://ecoute.example"))
        .await
        .unwrap();
    assert_ne!(through_proxy.status(), StatusCode::FORBIDDEN);
    let wrong_scheme = app
        .clone()
        .oneshot(post("127.0.0.1", "http://ecoute.example"))
        .await
        .unwrap();
    assert_eq!(wrong_scheme.status(), StatusCode::FORBIDDEN);
    // Anyone else's forwarding headers are not believed.
    let direct = app
        .clone()
        .oneshot(post("192.0.2.1", "https://ecoute.example"))
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::FORBIDDEN);
    test.drop_db().await;
}

#[tokio::test]
async fn oversized_request_bodies_are_refused() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let oversized = |path: &str| {
        let body = vec![b'a'; server::router::BODY_LIMIT + 1];
        Request::post(path)
            .header(header::ORIGIN, common::PUBLIC_URL)
            .header(header::CONTENT_LENGTH, body.len())
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=----limite",
            )
            .body(Body::from(body))
            .unwrap()
    };
    let response = app
        .clone()
        .oneshot(oversized("/api/anything"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let text = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        std::str::from_utf8(&text).unwrap(),
        "Le contenu envoyé dépasse 1 Mo : rien n'a été enregistré."
    );

    // The indicators' file goes back to its form, with the same sentence.
    let response = app
        .oneshot(oversized(app::model::INDICATOR_UPLOAD_PATH))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(
            "/admin/indicateurs/import?erreur=Le+contenu+envoy%C3%A9+d%C3%A9passe+1+Mo"
        ),
        "{location}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn no_server_function_that_changes_data_answers_a_get() {
    use app::api::{account, admin, groups, meetings, members, proposals};
    use leptos::server_fn::ServerFn;
    use sea_orm::EntityTrait;

    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let before = app::entities::audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .len();
    for path in [
        account::SignIn::PATH,
        account::SignOut::PATH,
        account::EndOtherSessions::PATH,
        admin::InvitePerson::PATH,
        admin::ChangeRole::PATH,
        meetings::SaveMeeting::PATH,
        meetings::ConveneMeeting::PATH,
        meetings::AnswerInvitation::PATH,
        meetings::SaveMinutes::PATH,
        meetings::PublishMinutes::PATH,
        members::SaveOrganisation::PATH,
        groups::SaveGroup::PATH,
        proposals::SubmitProposal::PATH,
        proposals::SupportProposal::PATH,
        proposals::ChangeProposalStatus::PATH,
    ] {
        let response = app
            .clone()
            .oneshot(
                Request::get(format!("{path}?id=1&reference=DA-2019-0001&title=x"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "GET {path}"
        );
    }
    let after = app::entities::audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing happened");
    test.drop_db().await;
}
