//! The procedures' quality indicators, as the State publishes them (the
//! « Vos démarches essentielles » observatory): one value per procedure,
//! indicator and date, with its source, who recorded it and when; and the
//! import files the secretariat checks before applying them.

use sea_orm_migration::{prelude::*, schema::*};

use super::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(name("procedure_indicators"))
                .col(pk_auto(name("id")))
                .col(integer(name("procedure_id")))
                .col(string_len(name("kind"), 30))
                .col(date(name("measured_on")))
                .col(double_null(name("figure")))
                .col(string_len_null(name("level"), 30))
                .col(string_len(name("source"), 300))
                .col(boolean(name("example")).default(false))
                .col(integer_null(name("recorded_by_user_id")))
                .col(timestamp_with_time_zone(name("recorded_at")))
                .foreign_key(&mut foreign(
                    "fk_procedure_indicators_procedure",
                    ("procedure_indicators", "procedure_id"),
                    "procedures",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_procedure_indicators_recorded_by",
                    ("procedure_indicators", "recorded_by_user_id"),
                    "users",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_procedure_indicators_value")
                .table(name("procedure_indicators"))
                .col(name("procedure_id"))
                .col(name("kind"))
                .col(name("measured_on"))
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(name("indicator_imports"))
                .col(pk_auto(name("id")))
                .col(text(name("csv")))
                .col(integer(name("staged_by_user_id")))
                .col(timestamp_with_time_zone(name("staged_at")))
                .foreign_key(&mut foreign(
                    "fk_indicator_imports_staged_by",
                    ("indicator_imports", "staged_by_user_id"),
                    "users",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(name("indicator_imports")).to_owned())
            .await?;
        m.drop_table(Table::drop().table(name("procedure_indicators")).to_owned())
            .await
    }
}
