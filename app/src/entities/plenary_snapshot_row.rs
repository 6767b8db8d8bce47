use sea_orm::entity::prelude::*;

use crate::model::ProposalStatus;

/// One proposal as it stood in a snapshot.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plenary_snapshot_rows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub snapshot_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub proposal_id: i32,
    pub status: ProposalStatus,
    pub working_group_id: Option<i32>,
    pub progress: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
