//! Corrections of a proposal by its organisation: the text it had before
//! each edit (`proposal_versions`, tied to the edit's timeline event), and
//! whether a withdrawn proposal had been public (`proposals.was_public`:
//! a proposal withdrawn while still « déposée » stays hidden from the public).

use sea_orm_migration::{prelude::*, schema::*};

use crate::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(name("proposals"))
                .add_column(boolean(name("was_public")).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(name("proposal_versions"))
                .col(pk_auto(name("id")))
                .col(integer(name("proposal_id")))
                .col(integer_uniq(name("event_id")))
                .col(string_len(name("title"), 200))
                .col(text(name("body")))
                .col(text(name("procedures")))
                .col(timestamp_with_time_zone(name("created_at")))
                .foreign_key(&mut foreign(
                    "fk_proposal_versions_proposal",
                    ("proposal_versions", "proposal_id"),
                    "proposals",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposal_versions_event",
                    ("proposal_versions", "event_id"),
                    "proposal_events",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_proposal_versions_proposal")
                .table(name("proposal_versions"))
                .col(name("proposal_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(name("proposal_versions")).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(name("proposals"))
                .drop_column(name("was_public"))
                .to_owned(),
        )
        .await
    }
}
