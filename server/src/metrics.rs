//! Metrics for Prometheus, served on their own address (ECOUTE_METRICS_ADDR)
//! so that they never reach the public: requests and their latency per
//! route pattern, the database pools, the outbox, deliveries that failed,
//! sign-in failures and throttles, and the kept pages' hits.
//!
//! Counters are recorded where things happen (`metrics` macros, no-ops
//! until a recorder is installed, that is when no address is set); the
//! gauges that describe the database are read at each scrape.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

use app::services::mail::outbox;

use crate::Error;

pub const REQUESTS: &str = "ecoute_http_requests_total";
pub const DURATION: &str = "ecoute_http_request_duration_seconds";
pub const POOL: &str = "ecoute_database_connections";
pub const OUTBOX_PENDING: &str = "ecoute_outbox_pending";
pub const OUTBOX_OLDEST: &str = "ecoute_outbox_oldest_pending_seconds";
pub const OUTBOX_FAILED: &str = "ecoute_outbox_failed";
pub const DELIVERY_FAILURES: &str = "ecoute_mail_delivery_failures_total";
pub const KEPT_PAGES: &str = "ecoute_kept_pages_total";

/// Latency buckets, in seconds: pages take milliseconds, a slow one a second.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed on first use (one per process: the
/// `metrics` macros write to a global one).
pub fn recorder() -> Result<PrometheusHandle, Error> {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    if let Some(handle) = HANDLE.get() {
        return Ok(handle.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(DURATION.to_string()), BUCKETS)
        .map_err(|err| Error::Config(format!("métriques : {err}")))?
        .build_recorder();
    let handle = recorder.handle();
    // Another thread may have won the race: theirs is the one in use.
    if metrics::set_global_recorder(recorder).is_err() {
        return HANDLE
            .get()
            .cloned()
            .ok_or_else(|| Error::Config("métriques : un autre enregistreur est installé".into()));
    }
    describe();
    Ok(HANDLE.get_or_init(|| handle).clone())
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        REQUESTS,
        "HTTP requests answered, by route pattern and status"
    );
    describe_histogram!(
        DURATION,
        Unit::Seconds,
        "Time to answer a request (to its headers), by route pattern"
    );
    describe_gauge!(
        POOL,
        "Database connections of this server, by pool and state"
    );
    describe_gauge!(OUTBOX_PENDING, "E-mails waiting to be delivered");
    describe_gauge!(
        OUTBOX_OLDEST,
        Unit::Seconds,
        "Age of the oldest e-mail waiting to be delivered"
    );
    describe_gauge!(OUTBOX_FAILED, "E-mails given up after every attempt");
    describe_counter!(
        DELIVERY_FAILURES,
        "Failed delivery attempts by this server (final: given up)"
    );
    describe_counter!(
        app::services::accounts::SIGN_IN_FAILURES,
        "Sign-ins refused for a wrong address or password"
    );
    describe_counter!(
        app::services::accounts::SIGN_IN_THROTTLED,
        "Sign-ins refused by the throttle"
    );
    describe_counter!(
        KEPT_PAGES,
        "Anonymous pages served from a kept copy (hit) or rendered (miss)"
    );
}

/// Counts each request and times it, under its route's pattern.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = crate::request_id::route(&request).to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(DURATION, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// What a scrape reads besides the recorder.
#[derive(Clone)]
pub struct Scrape {
    pub handle: PrometheusHandle,
    pub db: DatabaseConnection,
    pub reader: DatabaseConnection,
}

fn pool_gauges(name: &'static str, db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DbBackend::MySql => return,
    };
    let idle = u32::try_from(idle).unwrap_or(size);
    metrics::gauge!(POOL, "pool" => name, "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!(POOL, "pool" => name, "state" => "idle").set(f64::from(idle));
    metrics::gauge!(POOL, "pool" => name, "state" => "max").set(f64::from(max));
}

/// The metrics as Prometheus reads them, with the database's gauges read now.
pub async fn render(scrape: &Scrape) -> String {
    pool_gauges("writer", &scrape.db);
    if scrape.reader.get_database_backend() == DbBackend::Sqlite {
        pool_gauges("reader", &scrape.reader);
    }
    match outbox::backlog(&scrape.reader).await {
        Ok(backlog) => {
            metrics::gauge!(OUTBOX_PENDING).set(backlog.pending as f64);
            metrics::gauge!(OUTBOX_FAILED).set(backlog.failed as f64);
            let age = backlog.oldest.map_or(0.0, |at| {
                (chrono::Utc::now() - at).num_milliseconds().max(0) as f64 / 1000.0
            });
            metrics::gauge!(OUTBOX_OLDEST).set(age);
        }
        Err(err) => tracing::warn!(error = %err, "metrics: the outbox could not be read"),
    }
    scrape.handle.render()
}

async fn answer(State(scrape): State<Scrape>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(&scrape).await,
    )
        .into_response()
}

/// The metrics' own little server: `GET /metrics`.
pub fn routes(scrape: Scrape) -> Router {
    Router::new()
        .route("/metrics", get(answer))
        .with_state(scrape)
}

/// The metrics' address, bound before the server starts so that a wrong
/// one stops it with a clear message.
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|err| Error::Bind {
            addr: addr.to_string(),
            reason: err.to_string(),
        })?;
    tracing::info!(%addr, "metrics served");
    Ok(listener)
}

/// Serves the metrics on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    scrape: Scrape,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    axum::serve(listener, routes(scrape))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
