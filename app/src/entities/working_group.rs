use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "working_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub number: i32,
    pub slug: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub mandate: String,
    /// `mandate` rendered; none until rendered.
    #[sea_orm(column_type = "Text", nullable)]
    pub mandate_html: Option<String>,
    pub lead_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// No longer offered for new proposals, meetings or seats; kept with its history.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        super::keep_html_in_step(&self.mandate, &mut self.mandate_html).await?;
        Ok(self)
    }
}
