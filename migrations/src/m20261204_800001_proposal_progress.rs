//! The implementation of a decided proposal: its progress figure (0–100 %,
//! none until its lead gives one) and its milestones (title, planned date,
//! done date).

use sea_orm_migration::{prelude::*, schema::*};

use super::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(name("proposals"))
                .add_column(integer_null(name("progress")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(name("proposal_milestones"))
                .col(pk_auto(name("id")))
                .col(integer(name("proposal_id")))
                .col(string_len(name("title"), 200))
                .col(date(name("planned_on")))
                .col(date_null(name("done_on")))
                .col(timestamp_with_time_zone(name("created_at")))
                .foreign_key(&mut foreign(
                    "fk_proposal_milestones_proposal",
                    ("proposal_milestones", "proposal_id"),
                    "proposals",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_proposal_milestones_proposal")
                .table(name("proposal_milestones"))
                .col(name("proposal_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(name("proposal_milestones")).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(name("proposals"))
                .drop_column(name("progress"))
                .to_owned(),
        )
        .await
    }
}
