//! Indexes for the lists now read a page at a time: a group's proposals by
//! last activity, an organisation's by submission date, and a person's
//! comments of the last minute (the comment throttle counts them).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Name, table and columns.
const INDEXES: &[(&str, &str, &[&str])] = &[
    (
        "idx_proposals_group_activity",
        "proposals",
        &["working_group_id", "last_activity_at", "id"],
    ),
    (
        "idx_proposals_organisation_created",
        "proposals",
        &["organisation_id", "created_at", "id"],
    ),
    (
        "idx_events_actor_kind_created",
        "proposal_events",
        &["actor_user_id", "kind", "created_at"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new(*table))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
