//! Corrections around meetings:
//! - guests invited by e-mail without an account (`meeting_guests`), each
//!   with an answer link whose token is kept hashed;
//! - attendance as present, absent or represented (`attendance`, replacing
//!   the yes/no `attended` of invitations, whose values it takes over);
//! - the version of the minutes that was published (`published_revision`),
//!   so that publishing it again does nothing;
//! - a plenary session's number is unique among the sessions that are not
//!   cancelled, so a cancelled session can be scheduled again under it.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{foreign, name, run};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};

        m.create_table(
            Table::create()
                .table(name("meeting_guests"))
                .col(pk_auto(name("id")))
                .col(integer(name("meeting_id")))
                .col(string_len(name("email"), 254))
                .col(string_len(name("name"), 200))
                .col(string_len_uniq(name("token_hash"), 64))
                .col(string_len(name("response"), 24))
                .col(string_len_null(name("represented_by"), 200))
                .col(timestamp_with_time_zone_null(name("responded_at")))
                .col(string_len_null(name("attendance"), 24))
                .col(integer_null(name("invited_by")))
                .col(timestamp_with_time_zone(name("created_at")))
                .foreign_key(&mut foreign(
                    "fk_meeting_guests_meeting",
                    ("meeting_guests", "meeting_id"),
                    "meetings",
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_meeting_guests_invited_by",
                    ("meeting_guests", "invited_by"),
                    "users",
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_meeting_guests_meeting_email")
                .table(name("meeting_guests"))
                .col(name("meeting_id"))
                .col(name("email"))
                .unique()
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(name("meeting_invitations"))
                .add_column(string_len_null(name("attendance"), 24))
                .to_owned(),
        )
        .await?;
        run(
            m,
            &[
                "UPDATE meeting_invitations SET attendance = 'present' WHERE attended",
                "UPDATE meeting_invitations SET attendance = 'absent' WHERE NOT attended",
            ],
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(name("meeting_invitations"))
                .drop_column(name("attended"))
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter()
                .table(name("minutes"))
                .add_column(integer_null(name("published_revision")))
                .to_owned(),
        )
        .await?;
        run(
            m,
            &[
                "UPDATE minutes SET published_revision = current_revision WHERE status = 'published'",
                "DROP INDEX uq_meetings_kind_ordinal",
                "CREATE UNIQUE INDEX uq_meetings_kind_ordinal ON meetings (kind, ordinal) \
                 WHERE status <> 'cancelled'",
            ],
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run(
            m,
            &[
                "DROP INDEX uq_meetings_kind_ordinal",
                "CREATE UNIQUE INDEX uq_meetings_kind_ordinal ON meetings (kind, ordinal)",
            ],
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(name("minutes"))
                .drop_column(name("published_revision"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(name("meeting_invitations"))
                .add_column(boolean_null(name("attended")))
                .to_owned(),
        )
        .await?;
        run(
            m,
            &[
                "UPDATE meeting_invitations SET attended = (attendance <> 'absent') \
               WHERE attendance IS NOT NULL",
            ],
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(name("meeting_invitations"))
                .drop_column(name("attendance"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(name("meeting_guests")).to_owned())
            .await
    }
}
