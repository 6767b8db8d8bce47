//! What an operator reads: request ids (in the response, on the error
//! page, in every log line of the request), JSON logs, and the Prometheus
//! metrics on their own address, labelled by route pattern.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tower::ServiceExt;

use app::entities::proposal;
use app::services::mail::outbox::{self, OutgoingEmail};

use crate::common;

async fn get_with(app: &axum::Router, path: &str, id: Option<&str>) -> common::Response {
    let mut request = Request::get(path).header(header::ACCEPT, "text/html");
    if let Some(id) = id {
        request = request.header("x-request-id", id);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    common::Response {
        status,
        headers,
        body: body.to_vec(),
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_kept_only_when_safe() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    let made = get_with(&app, "/sante/vivant", None).await;
    let id = made.headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    let other = get_with(&app, "/sante/vivant", None).await;
    assert_ne!(other.headers["x-request-id"], id.as_str());

    let kept = get_with(&app, "/instance", Some("nginx-4f2a.9")).await;
    assert_eq!(kept.headers["x-request-id"], "nginx-4f2a.9");

    for hostile in ["<script>alert(1)</script>", &"x".repeat(65), "a b"] {
        let replaced = get_with(&app, "/", Some(hostile)).await;
        let id = replaced.headers["x-request-id"].to_str().unwrap();
        assert_ne!(id, hostile);
        assert_eq!(id.len(), 16);
    }
    test.drop_db().await;
}

#[tokio::test]
async fn the_unavailable_page_shows_the_request_id_in_french() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    test.db.clone().close().await.unwrap();

    let page = get_with(&app, "/propositions", Some("panne-42")).await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    let html = page.text();
    assert!(
        html.contains("Le service est momentanément indisponible."),
        "{html}"
    );
    assert!(
        html.contains("Référence de la demande : panne-42."),
        "{html}"
    );
    assert_eq!(page.headers["x-request-id"], "panne-42");
    test.drop_db().await;
}

/// The one test that renders the process's metrics (their recorder is
/// global): routes by pattern, kept pages, sign-in failures, failed
/// deliveries, the pools and the outbox of this test's database.
#[tokio::test]
async fn metrics_count_routes_by_pattern_and_read_the_database() {
    let handle = server::metrics::recorder().unwrap();
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router_with(
        &test,
        site.path(),
        common::PUBLIC_URL,
        Duration::from_secs(60),
    );
    let shown = proposal::Entity::find()
        .filter(proposal::Column::Status.ne(app::model::ProposalStatus::Deposee))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    for _ in 0..3 {
        let page = get_with(&app, &format!("/propositions/{}", shown.reference), None).await;
        assert_eq!(page.status, StatusCode::OK);
    }
    get_with(&app, "/sante/vivant", None).await;

    let origin = app::services::accounts::people::Origin {
        ip: Some("192.0.2.7".into()),
        user_agent: None,
    };
    let refused = app::services::accounts::people::sign_in(
        &test.db,
        "secretariat@interieur.gouv.fr",
        "pas le bon mot de passe",
        &origin,
        Utc::now(),
    )
    .await;
    assert!(refused.is_err());

    let mail = |n: u32| OutgoingEmail {
        to_address: format!("personne{n}@exemple.fr"),
        to_name: String::new(),
        subject: "Essai".into(),
        body_text: "texte".into(),
        body_html: "<p>texte</p>".into(),
        ics: None,
    };
    for n in 0..3 {
        outbox::enqueue(&test.db, mail(n)).await.unwrap();
    }
    let nowhere = server::mailer::Mailer::new(&server::mailer::MailConfig {
        smtp_url: Some("smtp://127.0.0.1:1".into()),
        ..server::mailer::MailConfig::from_lookup(|_| None)
    })
    .unwrap();
    server::mailer::deliver_pending(&test.db, &nowhere, "w1", Utc::now())
        .await
        .unwrap();

    let text = server::metrics::render(&server::metrics::Scrape {
        handle,
        db: test.db.clone(),
        reader: test.db.clone(),
    })
    .await;
    let value = |prefix: &str| -> f64 {
        text.lines()
            .find(|line| line.starts_with(prefix))
            .and_then(|line| line.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {prefix} in:\n{text}"))
    };
    assert!(
        value(
            r#"ecoute_http_requests_total{method="GET",route="/propositions/{reference}",status="200"}"#
        ) >= 3.0
    );
    assert!(
        value(
            r#"ecoute_http_request_duration_seconds_count{method="GET",route="/propositions/{reference}"}"#
        ) >= 3.0
    );
    assert!(text.contains(r#"ecoute_http_request_duration_seconds_bucket{method="GET",route="/propositions/{reference}",le="0.005"}"#), "{text}");
    assert!(
        value(r#"ecoute_http_requests_total{method="GET",route="/sante/vivant",status="200"}"#)
            >= 1.0
    );
    assert!(
        !text.contains(&shown.reference),
        "a raw path reached the labels:\n{text}"
    );
    assert!(value(r#"ecoute_kept_pages_total{result="hit"}"#) >= 2.0);
    assert!(value(r#"ecoute_kept_pages_total{result="miss"}"#) >= 1.0);
    assert!(value("ecoute_sign_in_failures_total") >= 1.0);
    assert!(value(r#"ecoute_mail_delivery_failures_total{final="false"}"#) >= 3.0);
    assert_eq!(value("ecoute_outbox_pending "), 3.0);
    assert!(value("ecoute_outbox_oldest_pending_seconds ") >= 0.0);
    assert_eq!(value("ecoute_outbox_failed "), 0.0);
    assert!(value(r#"ecoute_database_connections{pool="writer",state="max"}"#) >= 1.0);
    assert!(text.contains("# TYPE ecoute_http_request_duration_seconds histogram"));
    test.drop_db().await;
}

/// A free port on the loopback, for a server of the test's own.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `method path` over HTTP/1.1 to `addr`: the status and the whole answer.
fn http(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n"
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, answer)
}

/// The `ecoute` binary serving a migrated SQLite file of its own.
struct Served {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Served {
    fn start(envs: &[(&str, String)]) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_ecoute"));
        command
            .arg("serve")
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/ecoute.db", dir.path().display()),
            )
            .env("ECOUTE_ADDR", addr.to_string())
            .env("ECOUTE_SITE_ROOT", dir.path())
            .env("ECOUTE_MAIL_DIR", dir.path().join("mail"))
            .env("ECOUTE_DEMO_DATA", "false")
            .env("RUST_LOG", "info")
            .env_remove("ECOUTE_METRICS_ADDR")
            .env_remove("ECOUTE_LOG_FORMAT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().expect("the ecoute binary starts");
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(addr).is_err() {
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Served {
            child,
            addr,
            _dir: dir,
        }
    }

    /// Stops the server (SIGTERM) and returns what it logged.
    fn stop(mut self) -> String {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let output = std::mem::replace(&mut self.child, Command::new("true").spawn().unwrap())
            .wait_with_output()
            .unwrap();
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

#[test]
fn json_logs_are_one_object_a_line_with_the_request_id() {
    let served = Served::start(&[("ECOUTE_LOG_FORMAT", "json".to_string())]);
    let (status, _) = http(
        served.addr,
        "POST",
        "/api/sign_out",
        &[
            ("Origin", "https://ailleurs.example"),
            ("X-Request-Id", "suivi-7"),
        ],
    );
    assert_eq!(status, 403);
    let logs = served.stop();
    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not one JSON object: {line}"))
        })
        .collect();
    assert!(lines.iter().any(|l| l["message"] == "listening"), "{logs}");
    let refused = lines
        .iter()
        .find(|l| l["message"] == "cross-site request refused")
        .unwrap_or_else(|| panic!("{logs}"));
    assert_eq!(refused["span"]["request_id"], "suivi-7", "{refused}");
    assert_eq!(refused["level"], "WARN");
}

#[test]
fn metrics_are_served_on_their_own_address_only() {
    let metrics: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let served = Served::start(&[("ECOUTE_METRICS_ADDR", metrics.to_string())]);
    let (status, _) = http(served.addr, "GET", "/sante/vivant", &[]);
    assert_eq!(status, 200);
    let (status, _) = http(served.addr, "GET", "/metrics", &[]);
    assert_eq!(status, 404, "the metrics are not on the public address");
    let (status, text) = http(metrics, "GET", "/metrics", &[]);
    assert_eq!(status, 200);
    assert!(
        text.contains(
            r#"ecoute_http_requests_total{method="GET",route="/sante/vivant",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains("ecoute_outbox_pending 0"), "{text}");
    served.stop();
}
