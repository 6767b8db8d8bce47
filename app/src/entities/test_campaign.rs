use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "test_campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub site: String,
    /// The first day.
    pub held_on: Date,
    /// The last day, when it lasted more than one.
    pub ends_on: Option<Date>,
    pub audience: String,
    #[sea_orm(column_type = "Text")]
    pub findings: String,
    pub organisation_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// No longer offered for new proposals.
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
