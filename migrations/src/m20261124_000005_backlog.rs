//! Indexes for the backlog filters the first-cut schema does not cover:
//! year, origin and test campaign, and the sort by number of supports.
//! (Status, group, organisation, procedure, submission date and last
//! activity are indexed since the initial migration.)

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &str)] = &[
    ("idx_proposals_year", "year"),
    ("idx_proposals_origin", "origin"),
    ("idx_proposals_campaign", "test_campaign_id"),
    ("idx_proposals_supports", "supports_count"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, column) in INDEXES {
            m.create_index(
                Index::create()
                    .name(*name)
                    .table(Alias::new("proposals"))
                    .col(Alias::new(*column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new("proposals"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
