use crate::model::{ProposalEventKind, ProposalStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub proposal_id: i32,
    pub kind: ProposalEventKind,
    pub actor_user_id: Option<i32>,
    pub actor_organisation_id: Option<i32>,
    pub from_status: Option<ProposalStatus>,
    pub to_status: Option<ProposalStatus>,
    #[sea_orm(column_type = "Text")]
    pub body: Option<String>,
    pub internal: bool,
    pub meeting_id: Option<i32>,
    pub action_id: Option<i32>,
    pub related_proposal_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
