//! The member directory: an organisation's page shows its representatives,
//! with their e-mail addresses for signed-in visitors only.

mod common;

use app::entities::{organisation, user};
use app::services::sessions;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tower::ServiceExt;

async fn page(app: &axum::Router, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get(path).header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).to_string())
}

#[tokio::test]
async fn representatives_addresses_are_shown_to_signed_in_visitors_only() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let familles = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq("familles-de-france"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let representative = user::Entity::find()
        .filter(user::Column::OrganisationId.eq(familles.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a representative in the demo data");

    let (status, directory) = page(&app, "/membres", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(directory.contains("href=\"/membres/familles-de-france\""));

    let (status, anonymous) = page(&app, "/membres/familles-de-france", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(anonymous.contains(&representative.name), "{anonymous}");
    assert!(!anonymous.contains(&representative.email));

    let token = sessions::start(&test.db, representative.id, None, None, Utc::now())
        .await
        .unwrap();
    let cookie = format!("ecoute_session={token}");
    let (status, signed_in) = page(&app, "/membres/familles-de-france", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(signed_in.contains(&format!("mailto:{}", representative.email)));

    let (status, _) = page(&app, "/membres/pas-une-organisation", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    test.drop_db().await;
}
