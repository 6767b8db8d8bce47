//! The SQL of the queries every signed-in request runs, built once per
//! database backend. sea-query writes a select anew each time, quoting and
//! aliasing every column; for the session and proposal lookups of a
//! signed-in proposal page that was 6 % of the server's instructions
//! (callgrind).

use std::sync::OnceLock;

use sea_orm::{DbBackend, QueryTrait, Statement, Value};

/// A query whose SQL never changes, only the values it is run with.
pub struct FixedQuery {
    postgres: OnceLock<Built>,
    sqlite: OnceLock<Built>,
    mysql: OnceLock<Built>,
}

struct Built {
    sql: String,
    values: usize,
}

impl FixedQuery {
    pub const fn new() -> Self {
        Self {
            postgres: OnceLock::new(),
            sqlite: OnceLock::new(),
            mysql: OnceLock::new(),
        }
    }

    /// The statement of `query` on `backend`, run with `values` in the
    /// place of those `query` holds, in the same order.
    ///
    /// # Panics
    /// When `query` holds another number of values than `values`: a
    /// mistake in the caller, seen at its first run.
    pub fn statement<Q: QueryTrait>(
        &self,
        backend: DbBackend,
        query: impl FnOnce() -> Q,
        values: Vec<Value>,
    ) -> Statement {
        let cell = match backend {
            DbBackend::Postgres => &self.postgres,
            DbBackend::Sqlite => &self.sqlite,
            DbBackend::MySql => &self.mysql,
        };
        let built = cell.get_or_init(|| {
            let statement = query().build(backend);
            Built {
                values: statement.values.map_or(0, |v| v.0.len()),
                sql: statement.sql,
            }
        });
        assert_eq!(
            built.values,
            values.len(),
            "a fixed query is run with as many values as it was built with"
        );
        Statement::from_sql_and_values(backend, built.sql.clone(), values)
    }
}

impl Default for FixedQuery {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::proposal;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    fn by_reference(reference: &str) -> sea_orm::Select<proposal::Entity> {
        proposal::Entity::find().filter(proposal::Column::Reference.eq(reference))
    }

    #[test]
    fn the_sql_is_built_once_and_run_with_the_values_given() {
        static QUERY: FixedQuery = FixedQuery::new();
        for backend in [DbBackend::Postgres, DbBackend::Sqlite] {
            let first = QUERY.statement(backend, || by_reference(""), vec!["DA-2024-0001".into()]);
            let second = QUERY.statement(
                backend,
                || -> sea_orm::Select<proposal::Entity> { panic!("built only once") },
                vec!["DA-2024-0002".into()],
            );
            assert_eq!(first.sql, by_reference("").build(backend).sql);
            assert_eq!(second.sql, first.sql);
            assert_eq!(second.values.unwrap().0, vec![Value::from("DA-2024-0002")]);
        }
    }

    #[test]
    #[should_panic(expected = "as many values")]
    fn a_missing_value_is_caught_at_once() {
        let query = FixedQuery::new();
        query.statement(DbBackend::Sqlite, || by_reference(""), Vec::new());
    }
}
