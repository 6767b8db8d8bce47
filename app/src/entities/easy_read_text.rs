use crate::model::EasyReadKind;
use sea_orm::entity::prelude::*;

/// A « facile à lire et à comprendre » version (see
/// `services::body::easy_read` for what each kind's key is).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "easy_read_texts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: EasyReadKind,
    pub subject_key: String,
    pub meeting_id: Option<i32>,
    pub proposal_event_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub body_html: String,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
