use crate::model::{Cadence, NoticeKind};
use sea_orm::entity::prelude::*;

/// One line waiting for a person's next digest (`digest_id` empty), or sent
/// in one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "digest_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub kind: NoticeKind,
    pub cadence: Cadence,
    pub proposal_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub line: String,
    pub created_at: DateTimeUtc,
    pub digest_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
