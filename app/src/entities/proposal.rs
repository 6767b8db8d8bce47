use crate::model::{Origin, Priority, ProposalStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub reference: String,
    pub year: i32,
    pub number: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// `body` rendered (see `services::markdown`); none until rendered.
    #[sea_orm(column_type = "Text", nullable)]
    pub body_html: Option<String>,
    pub origin: Origin,
    pub organisation_id: i32,
    pub submitted_by: Option<i32>,
    pub working_group_id: Option<i32>,
    pub test_campaign_id: Option<i32>,
    pub priority: Option<Priority>,
    pub status: ProposalStatus,
    #[sea_orm(column_type = "Text")]
    pub status_reason: Option<String>,
    pub merged_into_id: Option<i32>,
    pub meeting_id: Option<i32>,
    pub version: i32,
    pub supports_count: i32,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    /// The title's stems (`services::search`), to rank title matches first.
    #[sea_orm(column_type = "Text", nullable)]
    pub search_title: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_activity_at: DateTimeUtc,
    /// For a withdrawn proposal: whether the public could see it before.
    pub was_public: bool,
    /// For a decided proposal: how far its implementation is, 0–100 %.
    pub progress: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        super::keep_html_in_step(&self.body, &mut self.body_html).await?;
        Ok(self)
    }
}
