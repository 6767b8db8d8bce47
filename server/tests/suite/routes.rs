//! The HTTP application through axum, without a network.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(app: &axum::Router, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn pages_render_seeded_content_in_french() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    let (status, headers, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="fr""#), "{html}");
    assert!(html.contains("Prochaine réunion"));
    assert!(
        html.contains("Groupe 1 — Rendre les démarches en ligne accessibles au plus grand nombre")
    );
    assert!(
        html.contains("DA-"),
        "no proposal reference on the home page"
    );
    assert!(
        !html.contains("Chargement…"),
        "the page was sent before its data"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");

    let (status, _, html) = get(&app, "/instance").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("3e session — 2 juillet 2019"));

    let (_, _, html) = get(&app, "/membres").await;
    assert!(html.contains("Familles de France"));

    let (_, _, html) = get(&app, "/demarches").await;
    assert!(
        html.contains("Certificat d&#x27;immatriculation")
            || html.contains("Certificat d'immatriculation")
    );

    let (status, _, html) = get(&app, "/propositions?page=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("DA-"));
    test.drop_db().await;
}

#[tokio::test]
async fn unknown_pages_answer_404_in_french() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (status, _, html) = get(&app, "/cette-page-n-existe-pas").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page non trouvée"));
    test.drop_db().await;
}

#[tokio::test]
async fn responses_are_compressed_when_the_browser_accepts_it() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/ecoute.js"), "export default 1;").unwrap();
    std::fs::write(
        site.path().join("pkg/ecoute.js.br"),
        b"compressed at build time",
    )
    .unwrap();
    let fetch = |path: &'static str| {
        app.clone().oneshot(
            Request::get(path)
                .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
                .body(Body::empty())
                .unwrap(),
        )
    };

    // Pages one after another, through the encoder each thread keeps.
    for (path, shown) in [
        ("/", "Prochaine réunion"),
        ("/propositions", "trouvée"),
        ("/", "Prochaine réunion"),
    ] {
        let page = fetch(path).await.unwrap();
        assert_eq!(page.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(page.headers()[header::VARY], "accept-encoding");
        let bytes = page.into_body().collect().await.unwrap().to_bytes();
        let mut html = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
            .unwrap();
        assert!(html.contains(shown), "{html}");
    }
    let refused = app
        .clone()
        .oneshot(
            Request::get("/")
                .header(header::ACCEPT_ENCODING, "gzip;q=0")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
    let bytes = refused.into_body().collect().await.unwrap().to_bytes();
    assert!(String::from_utf8_lossy(&bytes).contains("Prochaine réunion"));

    let asset = fetch("/pkg/ecoute.js").await.unwrap();
    assert_eq!(asset.headers()[header::CONTENT_ENCODING], "br");
    let bytes = asset.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &bytes[..],
        b"compressed at build time",
        "the copy made at build time"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn an_empty_database_still_renders_the_home_page() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (status, _, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Aucune réunion n&#x27;est programmée")
            || html.contains("Aucune réunion n'est programmée")
    );
    test.drop_db().await;
}
