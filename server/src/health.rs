//! Health answers for the proxy and the supervisor: `/sante/vivant` (the
//! process answers) and `/sante/pret` (the database answers, its schema is
//! this binary's, and this server's outbox worker goes round). Neither
//! reads a session nor writes to the audit journal, and neither renders a
//! page: a proxy may ask every second.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// After this long without a round, the worker is taken for stuck: fifteen
/// of its two-second rounds, or three SMTP commands timing out in a row.
pub const STALE_AFTER: Duration = Duration::from_secs(30);
/// The database must answer within this, or the server is not ready.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// When this server's outbox worker last went round, shared between the
/// worker, which beats, and the readiness answer, which reads it.
#[derive(Debug, Clone, Default)]
pub struct Heartbeat(Arc<AtomicI64>);

impl Heartbeat {
    pub fn beat(&self, now: DateTime<Utc>) {
        self.0.store(now.timestamp_millis(), Ordering::Relaxed);
    }

    /// How long ago the last beat was; None before the first.
    pub fn age(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            at => Some(Duration::from_millis(
                u64::try_from(now.timestamp_millis() - at).unwrap_or(0),
            )),
        }
    }
}

#[derive(Clone)]
struct Health {
    db: DatabaseConnection,
    heartbeat: Heartbeat,
    /// The name of this binary's last migration.
    latest: Arc<str>,
}

/// The two health routes, reading `db` and `heartbeat`.
pub fn routes(db: DatabaseConnection, heartbeat: Heartbeat) -> Router {
    let latest = Migrator::migrations()
        .last()
        .map(|m| m.name().to_string())
        .unwrap_or_default();
    Router::new()
        .route("/sante/vivant", get(alive))
        .route("/sante/pret", get(ready))
        .with_state(Health {
            db,
            heartbeat,
            latest: latest.into(),
        })
}

fn plain(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn alive() -> Response {
    plain(StatusCode::OK, "vivant\n".to_string())
}

/// The latest migration the database has applied, or why it could not say.
async fn applied(db: &DatabaseConnection) -> Result<Option<String>, String> {
    let statement = Statement::from_string(
        db.get_database_backend(),
        "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1",
    );
    match tokio::time::timeout(DATABASE_TIMEOUT, db.query_one(statement)).await {
        Err(_) => Err("ne répond pas".to_string()),
        Ok(Err(err)) if err.to_string().contains("seaql_migrations") => Ok(None),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "readiness: the database did not answer");
            Err("injoignable".to_string())
        }
        Ok(Ok(row)) => Ok(row.and_then(|r| r.try_get::<String>("", "version").ok())),
    }
}

async fn ready(State(health): State<Health>) -> Response {
    let now = Utc::now();
    let mut ready = true;
    let mut lines = Vec::new();
    match applied(&health.db).await {
        Err(why) => {
            ready = false;
            lines.push(format!("base de données : {why}"));
            lines.push("migrations : inconnues".to_string());
        }
        Ok(latest) => {
            lines.push("base de données : ok".to_string());
            if latest.as_deref() >= Some(&*health.latest) {
                lines.push("migrations : ok".to_string());
            } else {
                ready = false;
                lines.push(format!(
                    "migrations : en attente (la dernière appliquée est {}, ce serveur attend {})",
                    latest.as_deref().unwrap_or("aucune"),
                    health.latest
                ));
            }
        }
    }
    match health.heartbeat.age(now) {
        Some(age) if age <= STALE_AFTER => lines.push(format!(
            "envoi des courriels : ok (il y a {} s)",
            age.as_secs()
        )),
        Some(age) => {
            ready = false;
            lines.push(format!(
                "envoi des courriels : arrêté (dernier passage il y a {} s)",
                age.as_secs()
            ));
        }
        None => {
            ready = false;
            lines.push("envoi des courriels : pas encore démarré".to_string());
        }
    }
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let verdict = if ready { "prêt" } else { "pas prêt" };
    plain(status, format!("{verdict}\n{}\n", lines.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heartbeat_tells_its_age() {
        let heartbeat = Heartbeat::default();
        let now = Utc::now();
        assert_eq!(heartbeat.age(now), None);
        heartbeat.beat(now - chrono::Duration::seconds(3));
        assert_eq!(heartbeat.age(now), Some(Duration::from_secs(3)));
    }
}
