use crate::model::MinutesStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    pub status: MinutesStatus,
    pub current_revision: i32,
    #[sea_orm(column_type = "Text")]
    pub published_html: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<i32>,
    pub published_revision: Option<i32>,
    /// The published version as stems (`services::search`); none until indexed.
    #[sea_orm(column_type = "Text", nullable)]
    pub search_text: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
