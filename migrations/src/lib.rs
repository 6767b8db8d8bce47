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
mod m20261204_800001_proposal_progress;

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
            Box::new(m20261204_800001_proposal_progress::Migration),
        ]
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
