//! The HTML of the Markdown texts read most (a proposal's description, a
//! meeting's agenda, a group's mandate, a test campaign's findings), kept
//! beside their source when it is written, so that a page shows it without
//! rendering it again at each view. Texts written before are rendered at the
//! next start (`server::db::migrate`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Table, and the column of its HTML.
const COLUMNS: &[(&str, &str)] = &[
    ("proposals", "body_html"),
    ("meetings", "agenda_html"),
    ("working_groups", "mandate_html"),
    ("test_campaigns", "findings_html"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::add_texts(m, COLUMNS).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_columns(m, COLUMNS).await
    }
}
