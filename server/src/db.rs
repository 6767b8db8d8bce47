//! Connecting to SQLite or PostgreSQL and bringing the schema up to date.

use std::path::Path;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};

use crate::Error;

/// The URL with any password replaced, safe to print and log.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
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
            reason: err.to_string(),
        })
}

/// Brings the schema up to date, then on SQLite the planner's statistics of
/// the tables that changed much since (SQLite gathers them only when asked;
/// without them it reads whole proposals where an index would do).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), Error> {
    Migrator::up(db, None).await.map_err(Error::Migrate)?;
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
