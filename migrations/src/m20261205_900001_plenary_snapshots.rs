//! Snapshots of the backlog, one recorded when each plenary session is
//! scheduled and kept forever: every proposal's status, group and progress
//! at that moment.

use sea_orm_migration::{prelude::*, schema::*};

use super::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(name("plenary_snapshots"))
                .col(pk_auto(name("id")))
                .col(integer_uniq(name("meeting_id")))
                .col(timestamp_with_time_zone(name("taken_at")))
                .foreign_key(&mut foreign(
                    "fk_plenary_snapshots_meeting",
                    ("plenary_snapshots", "meeting_id"),
                    "meetings",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(name("plenary_snapshot_rows"))
                .col(integer(name("snapshot_id")))
                .col(integer(name("proposal_id")))
                .col(string_len(name("status"), 20))
                .col(integer_null(name("working_group_id")))
                .col(integer_null(name("progress")))
                .primary_key(
                    Index::create()
                        .col(name("snapshot_id"))
                        .col(name("proposal_id")),
                )
                .foreign_key(&mut foreign(
                    "fk_plenary_snapshot_rows_snapshot",
                    ("plenary_snapshot_rows", "snapshot_id"),
                    "plenary_snapshots",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_plenary_snapshot_rows_proposal",
                    ("plenary_snapshot_rows", "proposal_id"),
                    "proposals",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(name("plenary_snapshot_rows"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(name("plenary_snapshots")).to_owned())
            .await
    }
}
