use crate::model::{MeetingKind, MeetingStatus};
use sea_orm::entity::prelude::*;
use sea_orm::Set;

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
    /// Title, place and agenda as stems (`services::search`); none until indexed.
    #[sea_orm(column_type = "Text", nullable)]
    pub search_text: Option<String>,
    pub sequence: i32,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        super::keep_html_in_step(&self.agenda, &mut self.agenda_html).await?;
        keep_searchable(&mut self, db).await?;
        Ok(self)
    }
}

/// Keeps the searchable text in step with the title, place and agenda
/// whenever one of them is written, whoever writes (a bulk insert, which
/// skips this, leaves it to `services::search::index_missing`).
async fn keep_searchable<C: ConnectionTrait>(m: &mut ActiveModel, db: &C) -> Result<(), DbErr> {
    if !(m.title.is_set() || m.place.is_set() || m.agenda.is_set()) {
        return Ok(());
    }
    let (Some(title), Some(place), Some(agenda)) = (
        m.title.try_as_ref(),
        m.place.try_as_ref(),
        m.agenda.try_as_ref(),
    ) else {
        return Ok(());
    };
    let texts = [
        title.as_str(),
        place.as_deref().unwrap_or(""),
        agenda.as_str(),
    ];
    crate::services::search::remember(db, &texts)
        .await
        .map_err(|error| DbErr::Custom(error.to_string()))?;
    m.search_text = Set(Some(crate::services::search::document(&texts)));
    Ok(())
}
