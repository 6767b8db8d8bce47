use sea_orm::entity::prelude::*;

/// One counter of the throttle (see `services::accounts::throttle`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "throttles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub count: i32,
    /// Moves on at every change: a change applies only to the revision read.
    pub revision: i32,
    pub window_started_at: DateTimeUtc,
    pub next_allowed_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
