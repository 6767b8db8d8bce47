use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "working_group_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub working_group_id: i32,
    pub organisation_id: i32,
    pub joined_on: Date,
    pub left_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
