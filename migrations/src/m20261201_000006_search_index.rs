//! A full-text index over the proposals' folded words (`search_text`), so
//! that a search reads the index instead of every proposal: an FTS5 table
//! kept in step by triggers on SQLite, a GIN index on PostgreSQL. Both answer
//! the same question as the LIKE patterns they replace: each query word must
//! start a word of the proposal.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE VIRTUAL TABLE proposals_fts USING fts5(search_text, content='proposals', \
     content_rowid='id', tokenize='unicode61', prefix='2 3 4')",
    "INSERT INTO proposals_fts(proposals_fts) VALUES ('rebuild')",
    "CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN \
     INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN \
     INSERT INTO proposals_fts(proposals_fts, rowid, search_text) \
     VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER proposals_fts_update AFTER UPDATE OF search_text ON proposals BEGIN \
     INSERT INTO proposals_fts(proposals_fts, rowid, search_text) \
     VALUES ('delete', old.id, old.search_text); \
     INSERT INTO proposals_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS proposals_fts_update",
    "DROP TRIGGER IF EXISTS proposals_fts_delete",
    "DROP TRIGGER IF EXISTS proposals_fts_insert",
    "DROP TABLE IF EXISTS proposals_fts",
];

const POSTGRES_UP: &[&str] = &["CREATE INDEX idx_proposals_search ON proposals \
     USING GIN (to_tsvector('simple', search_text))"];

const POSTGRES_DOWN: &[&str] = &["DROP INDEX IF EXISTS idx_proposals_search"];

async fn run(m: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    for sql in statements {
        m.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Sqlite => run(m, SQLITE_UP).await,
            DbBackend::Postgres => run(m, POSTGRES_UP).await,
            DbBackend::MySql => Err(DbErr::Migration("MySQL n'est pas prise en charge".into())),
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        match m.get_database_backend() {
            DbBackend::Sqlite => run(m, SQLITE_DOWN).await,
            DbBackend::Postgres => run(m, POSTGRES_DOWN).await,
            DbBackend::MySql => Err(DbErr::Migration("MySQL n'est pas prise en charge".into())),
        }
    }
}
