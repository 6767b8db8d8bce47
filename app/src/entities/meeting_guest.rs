use crate::model::{Attendance, InvitationResponse};
use sea_orm::entity::prelude::*;

/// Someone without an account invited to a meeting by e-mail, who answers
/// through a link of their own (only its token's hash is kept).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_guests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub email: String,
    pub name: String,
    pub token_hash: String,
    pub response: InvitationResponse,
    pub represented_by: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub attendance: Option<Attendance>,
    pub invited_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
