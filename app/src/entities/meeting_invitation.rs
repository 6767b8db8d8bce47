use crate::model::{Attendance, InvitationResponse};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub user_id: i32,
    pub response: InvitationResponse,
    pub represented_by: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub attendance: Option<Attendance>,
    pub token: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
