//! A journal of the proposals changed, written by triggers on `proposals`
//! and `proposal_procedures`: each server keeps the list views' index in
//! memory (`services::backlog::list_index`) and reads from here, at each
//! request, which proposals changed since it last looked, whoever changed
//! them, through whichever server (or a bulk load, or psql).
//!
//! SQLite writes one transaction at a time, so the journal's ids come in the
//! order changes are committed: a server reads past the last id it saw. On
//! PostgreSQL a transaction may commit after a later one took a higher id;
//! each row therefore also holds its transaction's id (`tx`), and a server
//! reads every row of the transactions still running when it last looked.
//!
//! The journal keeps its last 100 000 rows; a server that fell further
//! behind loads the whole index again.

use sea_orm_migration::prelude::*;

use crate::run_on;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: &[&str] = &[
    "CREATE TABLE proposal_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, \
     proposal_id INTEGER NOT NULL)",
    "CREATE TRIGGER proposal_changes_insert AFTER INSERT ON proposals BEGIN \
     INSERT INTO proposal_changes (proposal_id) VALUES (new.id); END",
    "CREATE TRIGGER proposal_changes_update AFTER UPDATE ON proposals BEGIN \
     INSERT INTO proposal_changes (proposal_id) VALUES (new.id); END",
    "CREATE TRIGGER proposal_changes_delete AFTER DELETE ON proposals BEGIN \
     INSERT INTO proposal_changes (proposal_id) VALUES (old.id); END",
    "CREATE TRIGGER proposal_changes_link_insert AFTER INSERT ON proposal_procedures BEGIN \
     INSERT INTO proposal_changes (proposal_id) VALUES (new.proposal_id); END",
    "CREATE TRIGGER proposal_changes_link_update AFTER UPDATE ON proposal_procedures BEGIN \
     INSERT INTO proposal_changes (proposal_id) SELECT old.proposal_id \
     WHERE old.proposal_id <> new.proposal_id; \
     INSERT INTO proposal_changes (proposal_id) VALUES (new.proposal_id); END",
    "CREATE TRIGGER proposal_changes_link_delete AFTER DELETE ON proposal_procedures BEGIN \
     INSERT INTO proposal_changes (proposal_id) VALUES (old.proposal_id); END",
    "CREATE TRIGGER proposal_changes_trim AFTER INSERT ON proposal_changes \
     WHEN new.id % 1000 = 0 BEGIN \
     DELETE FROM proposal_changes WHERE id <= new.id - 100000; END",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS proposal_changes_trim",
    "DROP TRIGGER IF EXISTS proposal_changes_link_delete",
    "DROP TRIGGER IF EXISTS proposal_changes_link_update",
    "DROP TRIGGER IF EXISTS proposal_changes_link_insert",
    "DROP TRIGGER IF EXISTS proposal_changes_delete",
    "DROP TRIGGER IF EXISTS proposal_changes_update",
    "DROP TRIGGER IF EXISTS proposal_changes_insert",
    "DROP TABLE IF EXISTS proposal_changes",
];

const POSTGRES_UP: &[&str] = &[
    "CREATE TABLE proposal_changes (id BIGSERIAL PRIMARY KEY, \
     proposal_id INTEGER NOT NULL, tx xid8 NOT NULL DEFAULT pg_current_xact_id())",
    "CREATE INDEX idx_proposal_changes_tx ON proposal_changes (tx)",
    "CREATE FUNCTION proposal_changed() RETURNS trigger LANGUAGE plpgsql AS $$ \
     DECLARE before INTEGER; after INTEGER; written BIGINT; \
     BEGIN \
       IF TG_TABLE_NAME = 'proposals' THEN \
         IF TG_OP <> 'INSERT' THEN before := OLD.id; END IF; \
         IF TG_OP <> 'DELETE' THEN after := NEW.id; END IF; \
       ELSE \
         IF TG_OP <> 'INSERT' THEN before := OLD.proposal_id; END IF; \
         IF TG_OP <> 'DELETE' THEN after := NEW.proposal_id; END IF; \
       END IF; \
       IF before IS NOT NULL AND before IS DISTINCT FROM after THEN \
         INSERT INTO proposal_changes (proposal_id) VALUES (before) RETURNING id INTO written; \
       END IF; \
       IF after IS NOT NULL THEN \
         INSERT INTO proposal_changes (proposal_id) VALUES (after) RETURNING id INTO written; \
       END IF; \
       IF written % 1000 = 0 THEN \
         DELETE FROM proposal_changes WHERE id <= written - 100000; \
       END IF; \
       RETURN NULL; \
     END $$",
    "CREATE TRIGGER proposal_changes_rows AFTER INSERT OR UPDATE OR DELETE ON proposals \
     FOR EACH ROW EXECUTE FUNCTION proposal_changed()",
    "CREATE TRIGGER proposal_changes_links AFTER INSERT OR UPDATE OR DELETE ON proposal_procedures \
     FOR EACH ROW EXECUTE FUNCTION proposal_changed()",
];

const POSTGRES_DOWN: &[&str] = &[
    "DROP TRIGGER IF EXISTS proposal_changes_links ON proposal_procedures",
    "DROP TRIGGER IF EXISTS proposal_changes_rows ON proposals",
    "DROP FUNCTION IF EXISTS proposal_changed()",
    "DROP TABLE IF EXISTS proposal_changes",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run_on(m, SQLITE_UP, POSTGRES_UP).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        run_on(m, SQLITE_DOWN, POSTGRES_DOWN).await
    }
}
