//! Telling the people who handle proposals of new work: each person's
//! choice per kind of news (at once, daily or weekly digest, never), the
//! lines waiting for a digest, the digests sent (one per person, cadence and
//! period: the unique key is the claim that keeps two servers from sending
//! the same one), and the overdue actions already told (once per action and
//! due date).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NoticePreferences {
    Table,
    Id,
    UserId,
    Kind,
    Cadence,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Digests {
    Table,
    Id,
    UserId,
    Cadence,
    Period,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DigestItems {
    Table,
    Id,
    UserId,
    Kind,
    Cadence,
    ProposalId,
    Line,
    CreatedAt,
    DigestId,
}

#[derive(DeriveIden)]
enum ActionOverdueNotices {
    Table,
    Id,
    ActionId,
    DueOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
}

fn foreign(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};

        m.create_table(
            Table::create()
                .table(NoticePreferences::Table)
                .col(pk_auto(NoticePreferences::Id))
                .col(integer(NoticePreferences::UserId))
                .col(string_len(NoticePreferences::Kind, 32))
                .col(string_len(NoticePreferences::Cadence, 16))
                .col(timestamp_with_time_zone(NoticePreferences::UpdatedAt))
                .foreign_key(&mut foreign(
                    "fk_notice_preferences_user",
                    (NoticePreferences::Table, NoticePreferences::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_notice_preferences_user_kind",
                NoticePreferences::Table,
                &["user_id", "kind"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Digests::Table)
                .col(pk_auto(Digests::Id))
                .col(integer(Digests::UserId))
                .col(string_len(Digests::Cadence, 16))
                .col(date(Digests::Period))
                .col(timestamp_with_time_zone(Digests::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_digests_user",
                    (Digests::Table, Digests::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_digests_user_cadence_period",
                Digests::Table,
                &["user_id", "cadence", "period"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DigestItems::Table)
                .col(pk_auto(DigestItems::Id))
                .col(integer(DigestItems::UserId))
                .col(string_len(DigestItems::Kind, 32))
                .col(string_len(DigestItems::Cadence, 16))
                .col(integer_null(DigestItems::ProposalId))
                .col(text(DigestItems::Line))
                .col(timestamp_with_time_zone(DigestItems::CreatedAt))
                .col(integer_null(DigestItems::DigestId))
                .foreign_key(&mut foreign(
                    "fk_digest_items_user",
                    (DigestItems::Table, DigestItems::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_digest_items_proposal",
                    (DigestItems::Table, DigestItems::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_digest_items_digest",
                    (DigestItems::Table, DigestItems::DigestId),
                    (Digests::Table, Digests::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        // The worker's question at every pass: who has lines waiting since
        // before the last digest hour.
        m.create_index(index(
            "idx_digest_items_waiting",
            DigestItems::Table,
            &["digest_id", "cadence", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_digest_items_user",
            DigestItems::Table,
            &["user_id", "digest_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ActionOverdueNotices::Table)
                .col(pk_auto(ActionOverdueNotices::Id))
                .col(integer(ActionOverdueNotices::ActionId))
                .col(date(ActionOverdueNotices::DueOn))
                .col(timestamp_with_time_zone(ActionOverdueNotices::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_action_overdue_notices_action",
                    (ActionOverdueNotices::Table, ActionOverdueNotices::ActionId),
                    (Actions::Table, Actions::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_action_overdue_notices_action_due",
                ActionOverdueNotices::Table,
                &["action_id", "due_on"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "action_overdue_notices",
            "digest_items",
            "digests",
            "notice_preferences",
        ] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
