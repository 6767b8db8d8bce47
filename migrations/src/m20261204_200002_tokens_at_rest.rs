//! Tokens at rest: the answer links of convocations and the calendar feed
//! addresses were stored as they are sent, so a copy of the database could
//! answer for anyone or read anyone's agenda. They are now stored as their
//! SHA-256 (like sessions and single-use links), the existing ones hashed
//! here: the links and addresses already handed out keep working. The
//! bodies of messages already sent (invitation and reset links among them)
//! are wiped; their metadata stays.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a sent message's body becomes (the outbox writes the same once a message is sent).
const WIPED: &str = "(contenu effacé après l'envoi)";

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn hash_column(m: &SchemaManager<'_>, table: &str, column: &str) -> Result<(), DbErr> {
    let db = m.get_connection();
    let backend = db.get_database_backend();
    let rows = db
        .query_all(Statement::from_string(
            backend,
            format!("SELECT id, {column} AS token FROM {table} WHERE {column} IS NOT NULL"),
        ))
        .await?;
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let token: String = row.try_get("", "token")?;
        let update = Query::update()
            .table(Alias::new(table))
            .value(Alias::new(column), hash(&token))
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        db.execute(backend.build(&update)).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        hash_column(m, "meeting_invitations", "token").await?;
        hash_column(m, "users", "calendar_token").await?;
        let wipe = Query::update()
            .table(Alias::new("outbox_emails"))
            .value(Alias::new("body_text"), WIPED)
            .value(Alias::new("body_html"), WIPED)
            .value(Alias::new("ics"), Option::<String>::None)
            .and_where(Expr::col(Alias::new("status")).eq("sent"))
            .to_owned();
        let db = m.get_connection();
        db.execute(db.get_database_backend().build(&wipe)).await?;
        Ok(())
    }

    /// Hashes cannot be undone: going down leaves them (the old code then
    /// finds no token, and people renew their feed or ask for a new link).
    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
