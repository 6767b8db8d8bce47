//! The history kept by everyday corrections of people and members: an
//! e-mail address change waiting for its confirmation (`email_changes`, the
//! link's token kept hashed), who represented which organisation when
//! (`representations`), and the past membership periods of an organisation
//! whose membership was renewed (`organisation_periods`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        m.create_table(
            Table::create()
                .table(name("email_changes"))
                .col(pk_auto(name("id")))
                .col(integer(name("user_id")))
                .col(string_len(name("new_email"), 254))
                .col(string_len_uniq(name("token_hash"), 64))
                .col(integer_null(name("requested_by")))
                .col(timestamp_with_time_zone(name("expires_at")))
                .col(timestamp_with_time_zone_null(name("used_at")))
                .col(timestamp_with_time_zone(name("created_at")))
                .foreign_key(&mut foreign(
                    "fk_email_changes_user",
                    ("email_changes", "user_id"),
                    "users",
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_email_changes_requested_by",
                    ("email_changes", "requested_by"),
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_email_changes_user")
                .table(name("email_changes"))
                .col(name("user_id"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(name("representations"))
                .col(pk_auto(name("id")))
                .col(integer(name("user_id")))
                .col(integer(name("organisation_id")))
                .col(date(name("started_on")))
                .col(date_null(name("ended_on")))
                .foreign_key(&mut foreign(
                    "fk_representations_user",
                    ("representations", "user_id"),
                    "users",
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_representations_organisation",
                    ("representations", "organisation_id"),
                    "organisations",
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        for (index, column) in [
            ("idx_representations_user", "user_id"),
            ("idx_representations_organisation", "organisation_id"),
        ] {
            m.create_index(
                Index::create()
                    .name(index)
                    .table(name("representations"))
                    .col(name(column))
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(name("organisation_periods"))
                .col(pk_auto(name("id")))
                .col(integer(name("organisation_id")))
                .col(date(name("joined_on")))
                .col(date(name("left_on")))
                .foreign_key(&mut foreign(
                    "fk_organisation_periods_organisation",
                    ("organisation_periods", "organisation_id"),
                    "organisations",
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_organisation_periods_organisation")
                .table(name("organisation_periods"))
                .col(name("organisation_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["organisation_periods", "representations", "email_changes"] {
            m.drop_table(Table::drop().table(name(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
