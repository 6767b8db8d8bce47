//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use std::path::Path;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::Error;

/// The URL with every password replaced (in its user information and in
/// `password=`-like query parameters), safe to print and log.
pub fn redact(url: &str) -> String {
    let mut redacted = url.to_string();
    for secret in secrets(url) {
        redacted = redacted.replace(&secret, "***");
    }
    redacted
}

/// A message (such as a driver's error) with the URL's passwords replaced.
fn redact_in(text: &str, url: &str) -> String {
    let mut redacted = text.to_string();
    for secret in secrets(url) {
        redacted = redacted.replace(&secret, "***");
    }
    redacted
}

/// The passwords a database URL carries, as written and percent-decoded,
/// longest first so that none is left half replaced.
fn secrets(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (head, query) = url.split_once('?').unwrap_or((url, ""));
    if let (Some(scheme_end), Some(at)) = (head.find("://"), head.rfind('@')) {
        if let Some((_, password)) = head[scheme_end + 3..at].split_once(':') {
            found.push(password.to_string());
        }
    }
    for pair in query.split('&') {
        if let Some((key, value)) = pair.split_once('=') {
            if key.to_ascii_lowercase().contains("password") {
                found.push(value.to_string());
            }
        }
    }
    let decoded: Vec<String> = found
        .iter()
        .filter_map(|s| {
            form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    found.extend(decoded);
    found.retain(|s| !s.is_empty());
    found.sort_by_key(|s| std::cmp::Reverse(s.len()));
    found.dedup();
    found
}

/// The file of a `sqlite://FILE` URL (None for PostgreSQL or memory).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url.strip_prefix("sqlite:")?.trim_start_matches("//");
    let file = path.split('?').next().unwrap_or_default();
    (!file.is_empty() && file != ":memory:").then(|| file.into())
}

/// Checks the URL's scheme and, for a SQLite file, creates its folder and
/// asks for the file to be created if missing.
fn prepare_url(url: &str) -> Result<String, Error> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_string());
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        return Err(Error::Config(format!(
            "DATABASE_URL « {} » n'est pas reconnue : elle doit commencer par sqlite:// ou postgres://",
            redact(url)
        )));
    };
    let path = rest.trim_start_matches("//");
    let file = path.split('?').next().unwrap_or_default();
    if file.is_empty() || file == ":memory:" {
        return Ok(url.to_string());
    }
    if let Some(parent) = Path::new(file)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    if url.contains("mode=") {
        Ok(url.to_string())
    } else if url.contains('?') {
        Ok(format!("{url}&mode=rwc"))
    } else {
        Ok(format!("{url}?mode=rwc"))
    }
}

/// The database at `url`: on PostgreSQL a pool of at most `connections`,
/// for this server's reads and writes alike. SQLite has one writer: a
/// transaction that read before another one committed cannot write any more
/// (SQLITE_BUSY_SNAPSHOT, which no busy timeout cures), so its writer is one
/// connection on which changes queue instead of failing; readers have a
/// pool of their own (`connect_reader`).
pub async fn connect(url: &str, connections: u32) -> Result<DatabaseConnection, Error> {
    let sqlite = url.starts_with("sqlite:");
    open(url, if sqlite { 1 } else { connections }).await
}

/// Connections for requests that only read. SQLite lets readers work side
/// by side with its writer (WAL), so they get a pool of their own; on
/// PostgreSQL the one pool serves both.
pub async fn connect_reader(
    url: &str,
    writer: &DatabaseConnection,
) -> Result<DatabaseConnection, Error> {
    if url.starts_with("sqlite:") {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        open(url, (cores * 2) as u32).await
    } else {
        Ok(writer.clone())
    }
}

async fn open(url: &str, connections: u32) -> Result<DatabaseConnection, Error> {
    let prepared = prepare_url(url)?;
    let sqlite = prepared.starts_with("sqlite:");
    let mut options = ConnectOptions::new(prepared);
    options
        .max_connections(connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if sqlite {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Database::connect(options)
        .await
        .map_err(|err| Error::Connect {
            url: redact(url),
            reason: redact_in(&err.to_string(), url),
        })
}

/// Brings the schema up to date, renders and indexes the texts written
/// before their HTML or stems were kept, then on SQLite the planner's statistics of
/// the tables that changed much since (SQLite gathers them only when asked;
/// without them it reads whole proposals where an index would do).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), Error> {
    Migrator::up(db, None).await.map_err(Error::Migrate)?;
    let rendered = app::services::views::rendered::render_missing(db).await?;
    if rendered > 0 {
        tracing::info!("{rendered} textes Markdown rendus en HTML");
    }
    let indexed = app::services::search::index_missing(db).await?;
    if indexed > 0 {
        tracing::info!("{indexed} textes indexés pour la recherche");
    }
    if db.get_database_backend() == DbBackend::Sqlite {
        for pragma in ["PRAGMA analysis_limit=1000", "PRAGMA optimize=0x10002"] {
            db.execute_unprepared(pragma)
                .await
                .map_err(Error::Migrate)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_printed_urls() {
        assert_eq!(
            redact("postgres://ecoute:s3cret@db.local:5432/ecoute"),
            "postgres://ecoute:***@db.local:5432/ecoute"
        );
        assert_eq!(redact("sqlite://data/ecoute.db"), "sqlite://data/ecoute.db");
        assert_eq!(
            redact("postgres://ecoute@db.local/ecoute?sslmode=require&password=s3cr%40t&application_name=x"),
            "postgres://ecoute@db.local/ecoute?sslmode=require&password=***&application_name=x"
        );
        assert!(
            !redact_in("bad password s3cr@t", "postgres://u@h/d?password=s3cr%40t")
                .contains("s3cr")
        );
    }

    #[tokio::test]
    async fn a_connection_error_never_prints_the_password() {
        for url in [
            "postgres://ecoute@127.0.0.1:1/ecoute?password=tres-secret&connect_timeout=1",
            "postgres://ecoute:tres-secret@127.0.0.1:1/ecoute?connect_timeout=1",
            "postgres://ecoute@127.0.0.1:1/ecoute?sslpassword=tres-secret&port=x",
        ] {
            let err = connect(url, 1).await.unwrap_err().to_string();
            assert!(err.contains("impossible de se connecter"), "{err}");
            assert!(!err.contains("tres-secret"), "{err}");
        }
    }

    #[test]
    fn unknown_schemes_are_refused_in_one_line() {
        let err = prepare_url("mysql://root@localhost/ecoute")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("doit commencer par sqlite:// ou postgres://"),
            "{err}"
        );
        assert!(!err.contains('\n'));
    }
}
