use sea_orm::entity::prelude::*;

/// A proposal's text as it was before an edit (the edit's timeline event).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub proposal_id: i32,
    pub event_id: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// The names of its procedures then, one a line.
    #[sea_orm(column_type = "Text")]
    pub procedures: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
