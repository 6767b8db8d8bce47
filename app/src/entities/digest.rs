use crate::model::Cadence;
use sea_orm::entity::prelude::*;

/// A digest sent, or being sent: its row is the claim on (person, cadence,
/// period), unique, so that no two servers send the same one.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "digests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub cadence: Cadence,
    /// The Paris date of the digest's hour (a Monday for weekly ones).
    pub period: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
