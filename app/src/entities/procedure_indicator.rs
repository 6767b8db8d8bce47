use sea_orm::entity::prelude::*;

use crate::model::{IndicatorKind, RgaaLevel};

/// One value of a procedure's quality indicator, on one date.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure_indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub procedure_id: i32,
    pub kind: IndicatorKind,
    pub measured_on: Date,
    /// The number (1 or 0 for « oui »/« non »); none for an accessibility
    /// level given without its rate.
    pub figure: Option<f64>,
    /// The RGAA level, for accessibility only.
    pub level: Option<RgaaLevel>,
    pub source: String,
    /// An example value of the demonstration, not an official figure.
    pub example: bool,
    pub recorded_by_user_id: Option<i32>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
