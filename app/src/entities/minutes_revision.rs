use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "minutes_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub minutes_id: i32,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub author_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
