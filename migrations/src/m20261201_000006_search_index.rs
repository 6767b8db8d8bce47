//! A full-text index over the proposals' folded words (`search_text`), so
//! that a search reads the index instead of every proposal: an FTS5 table
//! kept in step by triggers on SQLite, a GIN index on PostgreSQL. Both answer
//! the same question as the LIKE patterns they replace: each query word must
//! start a word of the proposal.

use sea_orm_migration::prelude::*;

use crate::run_on;

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run_on(m, SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run_on(m, SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
