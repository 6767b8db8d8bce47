//! Search by stems (`app::services::search`): the proposals' titles kept
//! apart for ranking, the searchable text of meetings and minutes, and the
//! vocabulary of every stem indexed, from which typing mistakes are
//! corrected. The new columns start empty: the server's start fills them and
//! rewrites the proposals' `search_text` by stems (`server::db::migrate`),
//! since stemming is done in Rust. The vocabulary's key compares bytewise on
//! PostgreSQL as on SQLite, so that a range of it is a range of prefixes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table, and its new column.
const COLUMNS: &[(&str, &str)] = &[
    ("proposals", "search_title"),
    ("meetings", "search_text"),
    ("minutes", "search_text"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::add_texts(m, COLUMNS).await?;
        let bytewise = match m.get_database_backend() {
            DbBackend::Postgres => " COLLATE \"C\"",
            _ => "",
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE TABLE search_words (stem TEXT{bytewise} NOT NULL PRIMARY KEY, \
                 word TEXT NOT NULL)"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("search_words")).to_owned())
            .await?;
        crate::drop_columns(m, COLUMNS).await
    }
}
