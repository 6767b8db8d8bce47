use crate::model::{MeetingKind, MeetingStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uid: String,
    pub kind: MeetingKind,
    pub working_group_id: Option<i32>,
    pub year: Option<i32>,
    pub ordinal: Option<i32>,
    pub title: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: Option<String>,
    pub video_url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub agenda: String,
    /// `agenda` rendered (see `services::markdown`); none until rendered.
    #[sea_orm(column_type = "Text", nullable)]
    pub agenda_html: Option<String>,
    pub status: MeetingStatus,
    pub sequence: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        super::keep_html_in_step(&self.agenda, &mut self.agenda_html).await?;
        Ok(self)
    }
}
