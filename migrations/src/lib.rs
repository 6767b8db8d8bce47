//! Every schema version of Écoute, applied in order on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_initial;
mod m20261124_000005_backlog;
mod m20261201_000006_search_index;
mod m20261201_000007_count_index;
mod m20261201_000008_listing_index;
mod m20261201_000009_status_sort_index;
mod m20261204_100001_rendered_markdown;
mod m20261204_100002_bounded_lists;
mod m20261204_200001_throttles;
mod m20261204_200002_tokens_at_rest;
mod m20261204_300001_reference_data;
mod m20261204_400001_proposal_versions;
mod m20261204_400002_account_history;
mod m20261204_400003_meeting_corrections;
mod m20261204_500001_notices;
mod m20261204_700001_search_stems;
mod m20261204_800001_proposal_progress;
mod m20261205_900001_plenary_snapshots;
mod m20261205_910001_procedure_indicators;
mod m20261205_920001_easy_read_texts;
mod m20261206_930001_proposal_changes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_initial::Migration),
            Box::new(m20261124_000005_backlog::Migration),
            Box::new(m20261201_000006_search_index::Migration),
            Box::new(m20261201_000007_count_index::Migration),
            Box::new(m20261201_000008_listing_index::Migration),
            Box::new(m20261201_000009_status_sort_index::Migration),
            Box::new(m20261204_100001_rendered_markdown::Migration),
            Box::new(m20261204_100002_bounded_lists::Migration),
            Box::new(m20261204_200001_throttles::Migration),
            Box::new(m20261204_200002_tokens_at_rest::Migration),
            Box::new(m20261204_300001_reference_data::Migration),
            Box::new(m20261204_400001_proposal_versions::Migration),
            Box::new(m20261204_400002_account_history::Migration),
            Box::new(m20261204_400003_meeting_corrections::Migration),
            Box::new(m20261204_500001_notices::Migration),
            Box::new(m20261204_700001_search_stems::Migration),
            Box::new(m20261204_800001_proposal_progress::Migration),
            Box::new(m20261205_900001_plenary_snapshots::Migration),
            Box::new(m20261205_910001_procedure_indicators::Migration),
            Box::new(m20261205_920001_easy_read_texts::Migration),
            Box::new(m20261206_930001_proposal_changes::Migration),
        ]
    }
}

/// Adds a nullable text column to each (table, column) of `columns`.
async fn add_texts(
    m: &SchemaManager<'_>,
    columns: &[(&'static str, &'static str)],
) -> Result<(), DbErr> {
    alter_each(m, columns, |alter, column| {
        alter.add_column(ColumnDef::new(name(column)).text().null());
    })
    .await
}

/// Drops each (table, column) of `columns`.
async fn drop_columns(
    m: &SchemaManager<'_>,
    columns: &[(&'static str, &'static str)],
) -> Result<(), DbErr> {
    alter_each(m, columns, |alter, column| {
        alter.drop_column(name(column));
    })
    .await
}

/// Alters each table of `columns` by `change` on its column.
async fn alter_each(
    m: &SchemaManager<'_>,
    columns: &[(&'static str, &'static str)],
    change: impl Fn(&mut TableAlterStatement, &'static str),
) -> Result<(), DbErr> {
    for (table, column) in columns {
        let mut alter = Table::alter().table(name(table)).to_owned();
        change(&mut alter, column);
        m.alter_table(alter).await?;
    }
    Ok(())
}

/// Runs `statements` in order.
async fn run(m: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    for sql in statements {
        m.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Runs the statements written for the database at hand.
async fn run_on(m: &SchemaManager<'_>, sqlite: &[&str], postgres: &[&str]) -> Result<(), DbErr> {
    match m.get_database_backend() {
        sea_orm_migration::sea_orm::DbBackend::Sqlite => run(m, sqlite).await,
        sea_orm_migration::sea_orm::DbBackend::Postgres => run(m, postgres).await,
        sea_orm_migration::sea_orm::DbBackend::MySql => {
            Err(DbErr::Migration("MySQL n'est pas prise en charge".into()))
        }
    }
}

/// A table's or column's name, for the migrations that name them as text.
fn name(text: &'static str) -> Alias {
    Alias::new(text)
}

/// A foreign key from `from` (table, column) to the `id` of table `to`.
fn foreign(
    key: &str,
    from: (&'static str, &'static str),
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(key)
        .from(name(from.0), name(from.1))
        .to(name(to), name("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}
