//! A fresh, migrated database for each test: a SQLite file in a temporary
//! folder, or a new PostgreSQL database when TEST_DATABASE_URL names one.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(unused)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

/// Which database this run tests, for messages.
pub fn backend() -> &'static str {
    if postgres_admin_url().is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    }
}

/// A new empty database (no migration applied).
pub async fn empty() -> TestDb {
    match postgres_admin_url() {
        Some(admin_url) => {
            let name = format!(
                "ecoute_t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                rand::random::<u32>()
            );
            let admin = Database::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url);
            let url = format!("{base}/{name}");
            let db = server::db::connect(&url, server::config::default_database_connections())
                .await
                .expect("connect test database");
            TestDb {
                db,
                url,
                cleanup: Cleanup::Postgres { admin_url, name },
            }
        }
        None => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite://{}/test.db", dir.path().display());
            let db = server::db::connect(&url, server::config::default_database_connections())
                .await
                .expect("open SQLite file");
            TestDb {
                db,
                url,
                cleanup: Cleanup::Sqlite(dir),
            }
        }
    }
}

/// A new database with every migration applied.
pub async fn migrated() -> TestDb {
    let test = empty().await;
    server::db::migrate(&test.db)
        .await
        .expect("migrations apply");
    test
}

/// A migrated database holding the demo body.
pub async fn with_demo() -> TestDb {
    let test = migrated().await;
    app::services::seed::demo::seed(&test.db, chrono::Utc::now())
        .await
        .expect("demo data loads");
    test
}

impl TestDb {
    /// Closes the connection and removes the database.
    pub async fn drop_db(self) {
        self.db.close().await.ok();
        if let Cleanup::Postgres { admin_url, name } = self.cleanup {
            let admin = Database::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await
                .expect("drop test database");
            admin.close().await.ok();
        }
    }
}

pub const PUBLIC_URL: &str = "http://127.0.0.1:3000";

/// The whole HTTP application over the test database, serving assets from `site`.
pub fn router(test: &TestDb, site: &std::path::Path) -> axum::Router {
    router_at(test, site, PUBLIC_URL)
}

/// The same, as reached at `public_url` (e.g. over HTTPS).
pub fn router_at(test: &TestDb, site: &std::path::Path, public_url: &str) -> axum::Router {
    router_with(test, site, public_url, std::time::Duration::ZERO)
}

/// The same, keeping public views and pages `kept` (zero: none).
pub fn router_with(
    test: &TestDb,
    site: &std::path::Path,
    public_url: &str,
    kept: std::time::Duration,
) -> axum::Router {
    let options = server::router::leptos_options(site, "127.0.0.1:3000".parse().unwrap());
    let state = app::state::AppState {
        db: test.db.clone(),
        reader: test.db.clone(),
        public_url: public_url.to_string(),
        public_views: std::sync::Arc::new(app::services::views::public_views::PublicViews::new(
            kept,
        )),
        digests: app::services::mail::digests::Schedule::default(),
    };
    server::router::build(state, options)
}

/// Proposal parts that are never kept: each page is read afresh.
pub fn views() -> app::services::backlog::proposal_page::KeptParts {
    app::services::backlog::proposal_page::KeptParts::new(std::time::Duration::ZERO)
}

/// The demo person with address `email`, as the server sees them once signed in.
pub async fn demo_person(test: &TestDb, email: &str) -> app::model::CurrentUser {
    use app::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let model = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{email} is in the demo data"));
    app::services::accounts::sessions::current_user(&test.db, model)
        .await
        .unwrap()
}

/// A response of the HTTP application, read whole.
pub struct Response {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

/// `GET path` as a browser asks for a page, signed in with `cookie` if any.
pub async fn get(app: &axum::Router, path: &str, cookie: Option<&str>) -> Response {
    use axum::http::header;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let mut request = axum::http::Request::get(path).header(header::ACCEPT, "text/html");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Response {
        status,
        headers,
        body: body.to_vec(),
    }
}

/// A session cookie for the demo person with address `email`.
pub async fn signed_in(test: &TestDb, email: &str) -> String {
    let id = demo_person(test, email).await.id;
    let token =
        app::services::accounts::sessions::start(&test.db, id, None, None, chrono::Utc::now())
            .await
            .unwrap();
    format!("ecoute_session={token}")
}

/// The e-mails written to the outbox for `address`, oldest first.
pub async fn mails_to(test: &TestDb, address: &str) -> Vec<app::entities::outbox_email::Model> {
    use app::entities::outbox_email;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(address))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
}

/// The audit records of `kind`, oldest first.
pub async fn audits(test: &TestDb, kind: &str) -> Vec<app::entities::audit_event::Model> {
    use app::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq(kind))
        .order_by_asc(audit_event::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
}

/// The French sentence of a refusal for bad input; anything else fails.
pub fn invalid(result: Result<impl std::fmt::Debug, app::model::AppError>) -> String {
    match result {
        Err(app::model::AppError::Invalid(message)) => message,
        other => panic!("expected a French refusal, got {other:?}"),
    }
}

/// A form posted to `path` by a browser without JavaScript (from the page
/// `from`), signed in with `cookie`.
pub async fn post_form(
    app: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    from: &str,
    body: &str,
) -> Response {
    use axum::http::header;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let mut request = axum::http::Request::post(path)
        .header(header::ORIGIN, PUBLIC_URL)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::REFERER, format!("{PUBLIC_URL}{from}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(
            request
                .body(axum::body::Body::from(body.to_string()))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Response {
        status,
        headers,
        body: body.to_vec(),
    }
}

/// A change made now by `user`, with e-mails linking to [`PUBLIC_URL`].
pub fn context(user: &app::model::CurrentUser) -> app::services::backlog::triage::Context<'_> {
    app::services::backlog::triage::Context {
        user,
        public_url: PUBLIC_URL.to_string(),
        ip: None,
        now: chrono::Utc::now(),
    }
}

/// The organisation at `slug`.
pub async fn organisation(test: &TestDb, slug: &str) -> app::entities::organisation::Model {
    use app::entities::organisation;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{slug} is in the demo data"))
}

/// Working group number `number`.
pub async fn group(test: &TestDb, number: i32) -> app::entities::working_group::Model {
    use app::entities::working_group;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    working_group::Entity::find()
        .filter(working_group::Column::Number.eq(number))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("group {number} is in the demo data"))
}

/// The token ending the first link of an e-mail's `text` under `path`
/// (e.g. "/adresse/").
pub fn link_token(text: &str, path: &str) -> String {
    let at = text
        .find(path)
        .unwrap_or_else(|| panic!("no {path} link in {text}"))
        + path.len();
    text[at..].split_whitespace().next().unwrap().to_string()
}
