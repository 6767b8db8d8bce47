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
    app::services::seed::demo::seed(&test.db, chrono::Utc::now(), None)
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
    router_behind(test, site, public_url, kept, "")
}

/// The same, behind the reverse proxies `proxies` (ECOUTE_TRUSTED_PROXIES).
pub fn router_behind(
    test: &TestDb,
    site: &std::path::Path,
    public_url: &str,
    kept: std::time::Duration,
    proxies: &str,
) -> axum::Router {
    let options = server::router::leptos_options(site, "127.0.0.1:3000".parse().unwrap());
    let proxies = server::config::TrustedProxies::parse(proxies).expect("valid proxies");
    server::router::build(state(test, public_url, kept), options, proxies, beating())
}

/// What the server hands the application, over the test database.
pub fn state(test: &TestDb, public_url: &str, kept: std::time::Duration) -> app::state::AppState {
    app::state::AppState {
        db: test.db.clone(),
        reader: test.db.clone(),
        public_url: public_url.to_string(),
        public_views: std::sync::Arc::new(app::services::views::public_views::PublicViews::new(
            kept,
        )),
        digests: app::services::mail::digests::Schedule::default(),
        retention: app::services::accounts::retention::Policy::default(),
    }
}

/// The list views of a server that keeps no choices, for the services'
/// tests (the index is loaded anew by each).
pub fn lists() -> app::services::backlog::list_index::ListViews {
    app::services::backlog::list_index::ListViews::new(std::time::Duration::ZERO)
}

/// A worker's heartbeat, beaten now (as a running server's).
pub fn beating() -> server::health::Heartbeat {
    let heartbeat = server::health::Heartbeat::default();
    heartbeat.beat(chrono::Utc::now());
    heartbeat
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
    post(
        app,
        path,
        cookie,
        from,
        "application/x-www-form-urlencoded",
        body.as_bytes().to_vec(),
    )
    .await
}

/// A form of `enctype="multipart/form-data"` posted as a browser without
/// JavaScript does it: `parts` are (name, file name for a file, content).
pub async fn post_multipart(
    app: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    from: &str,
    parts: &[(&str, Option<&str>, &[u8])],
) -> Response {
    const BOUNDARY: &str = "----ecoute-test-boundary";
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file_name {
            Some(file_name) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    post(
        app,
        path,
        cookie,
        from,
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        body,
    )
    .await
}

async fn post(
    app: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    from: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Response {
    use axum::http::header;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let mut request = axum::http::Request::post(path)
        .header(header::ORIGIN, PUBLIC_URL)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::REFERER, format!("{PUBLIC_URL}{from}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(axum::body::Body::from(body)).unwrap())
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

/// The nonce the Content-Security-Policy of a response allows scripts with
/// (empty when none).
pub fn csp_nonce(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::CONTENT_SECURITY_POLICY)
        .and_then(|policy| policy.to_str().ok())
        .and_then(|policy| policy.split("'nonce-").nth(1))
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_string()
}

/// The first link starting with `prefix` (e.g. `/reunions/reponse/`) in
/// the latest message of the outbox to `to`, as the person would follow
/// it: the database keeps only the hash of what such links carry.
pub async fn link_in_outbox(test: &TestDb, to: &str, prefix: &str) -> String {
    use app::entities::outbox_email;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let message = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .filter(outbox_email::Column::BodyText.contains(prefix))
        .order_by_desc(outbox_email::Column::Id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a message to {to} with a link {prefix}"));
    let start = message.body_text.find(prefix).unwrap() + prefix.len();
    message.body_text[start..]
        .split(|c: char| c.is_whitespace() || c == '?' || c == '"')
        .next()
        .unwrap()
        .to_string()
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

/// The CSV export of the view `filters` for `audience`, read whole.
pub async fn csv_export(
    test: &TestDb,
    audience: app::services::backlog::cards::Audience,
    filters: &app::model::BacklogFilters,
) -> Vec<u8> {
    let mut export =
        app::services::backlog::exports::CsvExport::new(test.db.clone(), audience, filters)
            .await
            .unwrap();
    let mut file = Vec::new();
    while let Some(piece) = export.next_chunk().await.unwrap() {
        file.extend(piece);
    }
    file
}

/// The text of each row of `sql`'s first column.
async fn texts(db: &DatabaseConnection, sql: String) -> Vec<String> {
    db.query_all(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("readable")
        .into_iter()
        .map(|row| {
            row.try_get_by_index::<Option<String>>(0)
                .unwrap()
                .unwrap_or_default()
        })
        .collect()
}

/// The database's tables, by name.
pub async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        _ => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    };
    texts(db, sql.to_string()).await
}

/// The columns of `table`, in order.
pub async fn columns(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid")
        }
        _ => format!(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
        ),
    };
    texts(db, sql).await
}

/// The rows of `table` as lines of text (the `columns` given, in that
/// order), sorted.
pub async fn rows(db: &DatabaseConnection, table: &str, columns: &[String]) -> Vec<String> {
    let line = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || "),
        _ => format!(
            "ROW({})::text",
            columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    texts(db, format!("SELECT {line} FROM \"{table}\" ORDER BY 1")).await
}

/// Every table of the database and its rows, each written as one line of
/// text and sorted: two databases holding the same body give equal maps.
pub async fn snapshot(db: &DatabaseConnection) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut found = std::collections::BTreeMap::new();
    for table in tables(db).await {
        let columns = columns(db, &table).await;
        found.insert(table.clone(), rows(db, &table, &columns).await);
    }
    found
}

/// The slug of the demo's working group numbered `number` (« 2 »), as forms
/// name groups; empty for no group.
pub async fn group_slug(test: &TestDb, number: &str) -> String {
    use app::entities::working_group;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if number.is_empty() {
        return String::new();
    }
    working_group::Entity::find()
        .filter(working_group::Column::Number.eq(number.parse::<i32>().expect("a group number")))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("group {number} is in the demo data"))
        .slug
}

/// The `ecoute` binary built with the suite.
pub const ECOUTE: &str = env!("CARGO_BIN_EXE_ecoute");

/// Runs `ecoute args` as an operator would, on a SQLite file in `dir`,
/// without a terminal and without the passwords of the environment (but
/// those of `envs`).
pub fn ecoute(dir: &std::path::Path, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(ECOUTE);
    command
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/ecoute.db", dir.display()),
        )
        .env("ECOUTE_MAIL_DIR", dir.join("mail"))
        .env_remove("ECOUTE_ADMIN_PASSWORD")
        .env_remove("ECOUTE_DEMO_PASSWORD")
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null());
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("the ecoute binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// A person of `role` (of `organisation`, if any) made directly in the
/// database, without a password, as the server sees them once signed in.
pub async fn person(
    test: &TestDb,
    role: app::model::Role,
    email: &str,
    organisation: Option<i32>,
) -> app::model::CurrentUser {
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let created = app::entities::user::ActiveModel {
        email: Set(email.to_string()),
        name: Set(format!("Personne {email}")),
        role: Set(role),
        organisation_id: Set(organisation),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    app::services::accounts::sessions::current_user(&test.db, created)
        .await
        .unwrap()
}
