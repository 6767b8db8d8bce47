//! A backlog view checks its filters and sort keys on every proposal a search
//! matches, often tens of thousands, found by id. On SQLite that meant
//! reading each proposal's whole row (title, Markdown, folded words); this
//! index holds, by id, just what the filters and sorts read, a tenth of the
//! size, so the pages it needs stay in memory. PostgreSQL plans these
//! searches from its own statistics and does not need it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = "CREATE INDEX idx_proposals_listing ON proposals \
     (id, status, last_activity_at, supports_count, created_at, working_group_id, \
     organisation_id, test_campaign_id, origin, year)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection().execute_unprepared(UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("DROP INDEX IF EXISTS idx_proposals_listing")
                .await?;
        }
        Ok(())
    }
}
