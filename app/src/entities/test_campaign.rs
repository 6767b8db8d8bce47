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
    /// `findings` rendered; none until rendered.
    #[sea_orm(column_type = "Text", nullable)]
    pub findings_html: Option<String>,
    pub organisation_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// No longer offered for new proposals.
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(mut self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        super::keep_html_in_step(&self.findings, &mut self.findings_html).await?;
        Ok(self)
    }
}
