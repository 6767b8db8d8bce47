//! Reference data a body sets up for itself instead of finding it in the
//! code: its identity (a `settings` table of keys and values), the families
//! of the procedure catalogue (a table that replaces the fixed list of
//! documents: each procedure now points to its family), procedures retired,
//! working groups archived, test campaigns with an end date and closed; and
//! `demo_rows`, which names every row the demo body loaded so that it can be
//! removed without touching what real users created.
//!
//! The families are made from the documents the procedures already used,
//! under the same codes, so that filters bookmarked as `?document=cni` keep
//! working; an empty catalogue stays empty.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The documents of the former fixed list: code, label, rank.
const DOCUMENTS: &[(&str, &str, i32)] = &[
    ("cni", "Carte nationale d''identité", 1),
    ("passeport", "Passeport", 2),
    ("permis", "Permis de conduire", 3),
    ("immatriculation", "Certificat d''immatriculation", 4),
    ("autre", "Autres démarches", 5),
];

async fn run(m: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    m.get_connection().execute_unprepared(sql).await.map(|_| ())
}

/// The procedures table as it stands after this migration, under `name`.
fn procedures_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(pk_auto(Alias::new("id")))
        .col(string_len_uniq(Alias::new("slug"), 80))
        .col(integer(Alias::new("family_id")))
        .col(string_len(Alias::new("name"), 200))
        .col(text(Alias::new("description")).default(""))
        .col(string_len_null(Alias::new("url"), 300))
        .col(integer(Alias::new("position")).default(0))
        .col(timestamp_with_time_zone_null(Alias::new("retired_at")))
        .foreign_key(
            ForeignKey::create()
                .name("fk_procedures_family")
                .from(Alias::new(name), Alias::new("family_id"))
                .to(ProcedureFamilies::Table, ProcedureFamilies::Id)
                .on_delete(ForeignKeyAction::Restrict)
                .on_update(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// The procedures table as the initial migration made it, under `name`.
fn former_procedures_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(pk_auto(Alias::new("id")))
        .col(string_len_uniq(Alias::new("slug"), 80))
        .col(string_len(Alias::new("document"), 24))
        .col(string_len(Alias::new("name"), 200))
        .col(text(Alias::new("description")).default(""))
        .col(string_len_null(Alias::new("url"), 300))
        .col(integer(Alias::new("position")).default(0))
        .to_owned()
}

/// SQLite cannot add a constrained column nor drop one in a foreign key:
/// the table is rebuilt under its name, with the foreign keys off while its
/// old copy goes (the 12-step procedure of SQLite's ALTER TABLE page).
async fn rebuild_sqlite_procedures(
    m: &SchemaManager<'_>,
    next: TableCreateStatement,
    copy: &str,
    index: (&str, &str),
) -> Result<(), DbErr> {
    run(m, "PRAGMA foreign_keys = OFF").await?;
    let rebuilt = async {
        run(m, "BEGIN").await?;
        m.create_table(next).await?;
        run(m, copy).await?;
        run(m, "DROP TABLE procedures").await?;
        run(m, "ALTER TABLE procedures_next RENAME TO procedures").await?;
        run(
            m,
            &format!("CREATE INDEX {} ON procedures ({})", index.0, index.1),
        )
        .await?;
        run(m, "COMMIT").await
    }
    .await;
    if rebuilt.is_err() {
        run(m, "ROLLBACK").await.ok();
    }
    run(m, "PRAGMA foreign_keys = ON").await?;
    rebuilt
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .col(timestamp_with_time_zone(Settings::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DemoRows::Table)
                .col(string_len(DemoRows::Entity, 64))
                .col(integer(DemoRows::RowId))
                .primary_key(Index::create().col(DemoRows::Entity).col(DemoRows::RowId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProcedureFamilies::Table)
                .col(pk_auto(ProcedureFamilies::Id))
                .col(string_len_uniq(ProcedureFamilies::Slug, 80))
                .col(string_len_uniq(ProcedureFamilies::Name, 200))
                .col(integer(ProcedureFamilies::Position).default(0))
                .col(timestamp_with_time_zone_null(ProcedureFamilies::RetiredAt))
                .to_owned(),
        )
        .await?;
        for (code, label, rank) in DOCUMENTS {
            run(
                m,
                &format!(
                    "INSERT INTO procedure_families (slug, name, position) SELECT '{code}', '{label}', {rank} \
                     WHERE EXISTS (SELECT 1 FROM procedures WHERE document = '{code}')"
                ),
            )
            .await?;
        }
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                rebuild_sqlite_procedures(
                    m,
                    procedures_table("procedures_next"),
                    "INSERT INTO procedures_next (id, slug, family_id, name, description, url, position) \
                     SELECT p.id, p.slug, f.id, p.name, p.description, p.url, p.position \
                     FROM procedures p JOIN procedure_families f ON f.slug = p.document",
                    ("idx_procedures_family", "family_id, position"),
                )
                .await?;
            }
            _ => {
                for sql in [
                    "ALTER TABLE procedures ADD COLUMN family_id integer NULL \
                     CONSTRAINT fk_procedures_family REFERENCES procedure_families (id) \
                     ON DELETE RESTRICT ON UPDATE CASCADE",
                    "UPDATE procedures SET family_id = \
                     (SELECT f.id FROM procedure_families f WHERE f.slug = procedures.document)",
                    "ALTER TABLE procedures ALTER COLUMN family_id SET NOT NULL",
                    "DROP INDEX idx_procedures_document",
                    "ALTER TABLE procedures DROP COLUMN document",
                    "ALTER TABLE procedures ADD COLUMN retired_at timestamp with time zone NULL",
                    "CREATE INDEX idx_procedures_family ON procedures (family_id, position)",
                ] {
                    run(m, sql).await?;
                }
            }
        }
        m.alter_table(
            Table::alter()
                .table(WorkingGroups::Table)
                .add_column(timestamp_with_time_zone_null(WorkingGroups::ArchivedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TestCampaigns::Table)
                .add_column(date_null(TestCampaigns::EndsOn))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TestCampaigns::Table)
                .add_column(timestamp_with_time_zone_null(TestCampaigns::ClosedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(TestCampaigns::Table)
                .drop_column(TestCampaigns::ClosedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(TestCampaigns::Table)
                .drop_column(TestCampaigns::EndsOn)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(WorkingGroups::Table)
                .drop_column(WorkingGroups::ArchivedAt)
                .to_owned(),
        )
        .await?;
        // A family made after this migration goes back to « autre ».
        let document = "CASE WHEN f.slug IN ('cni', 'passeport', 'permis', 'immatriculation') \
                        THEN f.slug ELSE 'autre' END";
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                rebuild_sqlite_procedures(
                    m,
                    former_procedures_table("procedures_next"),
                    &format!(
                        "INSERT INTO procedures_next (id, slug, document, name, description, url, position) \
                         SELECT p.id, p.slug, {document}, p.name, p.description, p.url, p.position \
                         FROM procedures p JOIN procedure_families f ON f.id = p.family_id"
                    ),
                    ("idx_procedures_document", "document, position"),
                )
                .await?;
            }
            _ => {
                for sql in [
                    "ALTER TABLE procedures ADD COLUMN document varchar(24) NULL".to_string(),
                    format!(
                        "UPDATE procedures SET document = (SELECT {document} \
                         FROM procedure_families f WHERE f.id = procedures.family_id)"
                    ),
                    "ALTER TABLE procedures ALTER COLUMN document SET NOT NULL".to_string(),
                    "DROP INDEX idx_procedures_family".to_string(),
                    "ALTER TABLE procedures DROP COLUMN family_id".to_string(),
                    "ALTER TABLE procedures DROP COLUMN retired_at".to_string(),
                    "CREATE INDEX idx_procedures_document ON procedures (document, position)"
                        .to_string(),
                ] {
                    run(m, &sql).await?;
                }
            }
        }
        for table in ["procedure_families", "demo_rows", "settings"] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DemoRows {
    Table,
    Entity,
    RowId,
}

#[derive(DeriveIden)]
enum ProcedureFamilies {
    Table,
    Id,
    Slug,
    Name,
    Position,
    RetiredAt,
}

#[derive(DeriveIden)]
enum WorkingGroups {
    Table,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum TestCampaigns {
    Table,
    EndsOn,
    ClosedAt,
}
