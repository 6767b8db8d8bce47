//! `ecoute backup FILE` and `ecoute restore FILE`.
//!
//! SQLite: the backup is `VACUUM INTO`, a consistent copy made while the
//! server goes on reading and writing (it reads one snapshot), then checked
//! (`PRAGMA quick_check`); restoring copies it back the same way.
//! PostgreSQL: the backup is `pg_dump` in its custom format, checked by
//! `pg_restore --list`; restoring is `pg_restore` in one transaction.
//! Restoring only ever writes into an empty database.

use std::path::Path;
use std::process::Command;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};

use crate::{db, Error};

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_DUMP_MAGIC: &[u8] = b"PGDMP";

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The backup file's size, in bytes.
    pub bytes: u64,
    /// The tables in the backup.
    pub tables: usize,
}

fn failed(what: &str, why: impl std::fmt::Display) -> Error {
    Error::Backup(format!("{what} : {why}"))
}

/// `path` as an SQL string literal.
fn literal(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "''"))
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The database's tables (SQLite's own excepted).
async fn tables(db: &DatabaseConnection) -> Result<usize, Error> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        }
    };
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .map_or(0, |n| usize::try_from(n).unwrap_or(0)))
}

fn refuse_existing(file: &Path) -> Result<(), Error> {
    if file.exists() {
        return Err(Error::Backup(format!(
            "le fichier {} existe déjà : choisissez un nouveau nom, une sauvegarde n'en écrase jamais une autre",
            file.display()
        )));
    }
    Ok(())
}

/// Writes a consistent copy of the database at `url` into `file`, which
/// must not exist yet.
pub async fn backup(url: &str, file: &Path) -> Result<Summary, Error> {
    refuse_existing(file)?;
    if is_postgres(url) {
        let target = file.to_string_lossy().to_string();
        let mut dump = pg_command("pg_dump", url);
        dump.args([
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            &target,
        ]);
        run(dump, "pg_dump").await?;
        let tables = pg_tables_in(file).await?;
        return Ok(Summary {
            bytes: std::fs::metadata(file)?.len(),
            tables,
        });
    }
    let source = db::connect(url, 1).await?;
    source
        .execute_unprepared(&format!("VACUUM INTO {}", literal(file)))
        .await
        .map_err(|err| failed("la copie de la base SQLite a échoué", err))?;
    source.close().await.ok();
    check_sqlite(file).await
}

/// A SQLite file opened read-only, for one statement at a time.
async fn read_only(file: &Path, what: &str) -> Result<DatabaseConnection, Error> {
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=ro", file.display()));
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options)
        .await
        .map_err(|err| failed(what, err))
}

/// Checks a SQLite copy (`PRAGMA quick_check`) and counts its tables.
async fn check_sqlite(file: &Path) -> Result<Summary, Error> {
    let copy = read_only(file, "la copie ne s'ouvre pas").await?;
    let verdict = copy
        .query_one(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA quick_check",
        ))
        .await?
        .and_then(|r| r.try_get_by_index::<String>(0).ok());
    if verdict.as_deref() != Some("ok") {
        return Err(Error::Backup(format!(
            "la copie {} est endommagée : {}",
            file.display(),
            verdict.unwrap_or_default()
        )));
    }
    let tables = tables(&copy).await?;
    copy.close().await.ok();
    Ok(Summary {
        bytes: std::fs::metadata(file)?.len(),
        tables,
    })
}

/// Restores `file` into the empty database at `url`.
pub async fn restore(url: &str, file: &Path) -> Result<Summary, Error> {
    let mut head = [0u8; 16];
    let read = {
        use std::io::Read;
        std::fs::File::open(file)
            .map_err(|err| {
                failed(
                    &format!("le fichier {} ne s'ouvre pas", file.display()),
                    err,
                )
            })?
            .read(&mut head)?
    };
    let head = &head[..read];
    if is_postgres(url) {
        if !head.starts_with(PG_DUMP_MAGIC) {
            return Err(Error::Backup(format!(
                "{} n'est pas une sauvegarde PostgreSQL (pg_dump au format custom)",
                file.display()
            )));
        }
        let target = db::connect(url, 1).await?;
        refuse_non_empty(&target, url).await?;
        target.close().await.ok();
        let tables = pg_tables_in(file).await?;
        let source = file.to_string_lossy().to_string();
        let mut restore = pg_command("pg_restore", url);
        restore.args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            &source,
        ]);
        run(restore, "pg_restore").await?;
        return Ok(Summary {
            bytes: std::fs::metadata(file)?.len(),
            tables,
        });
    }
    if !head.starts_with(SQLITE_MAGIC) {
        return Err(Error::Backup(format!(
            "{} n'est pas une sauvegarde SQLite",
            file.display()
        )));
    }
    let target = db::sqlite_file(url)
        .ok_or_else(|| Error::Backup("la restauration demande une base dans un fichier".into()))?;
    if target.exists() {
        let existing = read_only(&target, "la base à remplacer ne s'ouvre pas").await?;
        refuse_non_empty(&existing, url).await?;
        existing.close().await.ok();
        // A file without a table holds nothing: it makes way for the copy.
        for suffix in ["", "-wal", "-shm"] {
            let path = format!("{}{suffix}", target.display());
            if Path::new(&path).exists() {
                std::fs::remove_file(&path)?;
            }
        }
    } else if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let summary = check_sqlite(file).await?;
    let source = read_only(file, "la sauvegarde ne s'ouvre pas").await?;
    source
        .execute_unprepared(&format!("VACUUM INTO {}", literal(&target)))
        .await
        .map_err(|err| failed("la restauration a échoué", err))?;
    source.close().await.ok();
    Ok(summary)
}

async fn refuse_non_empty(target: &DatabaseConnection, url: &str) -> Result<(), Error> {
    match tables(target).await? {
        0 => Ok(()),
        n => Err(Error::Backup(format!(
            "la base {} n'est pas vide ({n} tables) : une sauvegarde ne se restaure que dans une base vide, \
             pour ne rien écraser. Créez une base neuve (PostgreSQL : createdb ; SQLite : un fichier qui n'existe pas) \
             et indiquez-la dans DATABASE_URL.",
            db::redact(url)
        ))),
    }
}

/// `program` (pg_dump, pg_restore) aimed at the database at `url`, its
/// password passed in PGPASSWORD rather than on the command line, where
/// every local user could read it.
fn pg_command(program: &str, url: &str) -> Command {
    let (without, password) = split_password(url);
    let mut command = Command::new(program);
    command.arg("--dbname").arg(without);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command
}

/// The URL without its password, and the password (percent-decoded).
fn split_password(url: &str) -> (String, Option<String>) {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return (url.to_string(), None);
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?'])
        .map_or(url.len(), |i| scheme_end + i);
    let authority = &url[scheme_end..authority_end];
    let Some(at) = authority.rfind('@') else {
        return (url.to_string(), None);
    };
    let Some((user, password)) = authority[..at].split_once(':') else {
        return (url.to_string(), None);
    };
    let decoded = form_urlencoded::parse(format!("p={password}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    (
        format!(
            "{}{user}{}{}",
            &url[..scheme_end],
            &authority[at..],
            &url[authority_end..]
        ),
        Some(decoded),
    )
}

/// Runs `command` off the async runtime: the server may be serving beside it.
async fn run(mut command: Command, name: &str) -> Result<String, Error> {
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|err| failed(name, err))?
        .map_err(|err| {
            failed(
                &format!("{name} n'a pas pu être lancé (paquet postgresql-client installé ?)"),
                err,
            )
        })?;
    if !output.status.success() {
        return Err(Error::Backup(format!(
            "{name} a échoué : {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Checks a pg_dump file by listing it (`pg_restore --list`): the tables
/// whose data it holds.
async fn pg_tables_in(file: &Path) -> Result<usize, Error> {
    let mut list = Command::new("pg_restore");
    list.arg("--list").arg(file);
    let listing = run(list, "la vérification de la sauvegarde (pg_restore --list)").await?;
    let tables = listing
        .lines()
        .filter(|line| !line.starts_with(';') && line.contains(" TABLE DATA "))
        .count();
    if tables == 0 {
        return Err(Error::Backup(format!(
            "la sauvegarde {} ne contient aucune table",
            file.display()
        )));
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            split_password("postgres://ecoute:s%40cret@db.local:5432/ecoute?sslmode=require"),
            (
                "postgres://ecoute@db.local:5432/ecoute?sslmode=require".to_string(),
                Some("s@cret".to_string())
            )
        );
        assert_eq!(
            split_password("postgres://postgres@127.0.0.1/test"),
            ("postgres://postgres@127.0.0.1/test".to_string(), None)
        );
    }

    #[test]
    fn paths_are_quoted_as_sql_strings() {
        assert_eq!(literal(Path::new("/tmp/l'an.db")), "'/tmp/l''an.db'");
    }
}
