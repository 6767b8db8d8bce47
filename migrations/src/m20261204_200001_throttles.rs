//! The sign-in throttle moves from one row per failed attempt, counted
//! before the password was checked (so parallel attempts all passed), to one
//! row per key (an address, an account, an account from an address) whose
//! counter is taken before the password is checked, with a growing delay
//! instead of a refusal for the rest of the minute; the same rows bound
//! password-reset requests and what the journal records of refusals. The
//! addresses an account signed in from are kept, so that its owner is not
//! slowed down there by failures from elsewhere.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Throttles {
    Table,
    Key,
    Count,
    Revision,
    WindowStartedAt,
    NextAllowedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum KnownAddresses {
    Table,
    UserId,
    Ip,
    LastSignInAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Key,
    AttemptedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginAttempts::Table).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Throttles::Table)
                .col(string_len(Throttles::Key, 320).primary_key())
                .col(integer(Throttles::Count))
                .col(integer(Throttles::Revision))
                .col(timestamp_with_time_zone(Throttles::WindowStartedAt))
                .col(timestamp_with_time_zone(Throttles::NextAllowedAt))
                .col(timestamp_with_time_zone(Throttles::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_throttles_updated")
                .table(Throttles::Table)
                .col(Throttles::UpdatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(KnownAddresses::Table)
                .col(integer(KnownAddresses::UserId))
                .col(string_len(KnownAddresses::Ip, 64))
                .col(timestamp_with_time_zone(KnownAddresses::LastSignInAt))
                .primary_key(
                    Index::create()
                        .col(KnownAddresses::UserId)
                        .col(KnownAddresses::Ip),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_known_addresses_user")
                        .from(KnownAddresses::Table, KnownAddresses::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(KnownAddresses::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Throttles::Table).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(LoginAttempts::Table)
                .col(pk_auto(LoginAttempts::Id))
                .col(string_len(LoginAttempts::Key, 300))
                .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_attempts_key")
                .table(LoginAttempts::Table)
                .col(LoginAttempts::Key)
                .col(LoginAttempts::AttemptedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
