//! « Facile à lire et à comprendre » (FALC) versions of public texts, one
//! per subject: the published minutes of a meeting, the public answer of a
//! status change, the annual report of a year. `subject_key` names the
//! subject whatever its kind (unique with the kind); the subject's row, when
//! it has one, is also a foreign key, so that the text goes with it and the
//! demo's removal sees what it hangs on.

use sea_orm_migration::{prelude::*, schema::*};

use super::{foreign, name};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(name("easy_read_texts"))
                .col(pk_auto(name("id")))
                .col(string_len(name("kind"), 32))
                .col(string_len(name("subject_key"), 64))
                .col(integer_null(name("meeting_id")))
                .col(integer_null(name("proposal_event_id")))
                .col(text(name("body")))
                .col(text(name("body_html")))
                .col(integer_null(name("updated_by")))
                .col(timestamp_with_time_zone(name("updated_at")))
                .foreign_key(&mut foreign(
                    "fk_easy_read_texts_meeting",
                    ("easy_read_texts", "meeting_id"),
                    "meetings",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_easy_read_texts_proposal_event",
                    ("easy_read_texts", "proposal_event_id"),
                    "proposal_events",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_easy_read_texts_updated_by",
                    ("easy_read_texts", "updated_by"),
                    "users",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_easy_read_texts_subject")
                .table(name("easy_read_texts"))
                .col(name("kind"))
                .col(name("subject_key"))
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(name("easy_read_texts")).to_owned())
            .await
    }
}
