//! The open proposals of each working group are counted on the home page and
//! the groups' page: an index on (status, working group) answers that count
//! from the index alone instead of reading every proposal.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_proposals_status_group";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(NAME)
                .table(Alias::new("proposals"))
                .col(Alias::new("status"))
                .col(Alias::new("working_group_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(NAME)
                .table(Alias::new("proposals"))
                .to_owned(),
        )
        .await
    }
}
