//! The HTML kept beside the Markdown texts read most (see the migration
//! `rendered_markdown`; each entity renders it when its text is written,
//! `entities::keep_html_in_step`): texts written before it was kept, or by
//! a bulk insert (which skips the entities' hook), are rendered once here,
//! at the server's start.

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::model::AppError;
use crate::services::markdown;

/// Table, Markdown column, HTML column.
const KEPT: &[(&str, &str, &str)] = &[
    ("proposals", "body", "body_html"),
    ("meetings", "agenda", "agenda_html"),
    ("working_groups", "mandate", "mandate_html"),
    ("test_campaigns", "findings", "findings_html"),
];

/// Rows rendered at a time.
const BATCH: u64 = 200;

/// Renders every text whose HTML is not kept yet; returns how many.
pub async fn render_missing(db: &DatabaseConnection) -> Result<u64, AppError> {
    let backend = db.get_database_backend();
    let mut rendered = 0;
    for (table, source, html) in KEPT {
        loop {
            let missing = Query::select()
                .column(Alias::new("id"))
                .expr_as(Expr::col(Alias::new(*source)), Alias::new("source"))
                .from(Alias::new(*table))
                .and_where(Expr::col(Alias::new(*html)).is_null())
                .order_by(Alias::new("id"), sea_orm::Order::Asc)
                .limit(BATCH)
                .to_owned();
            let rows = db.query_all(backend.build(&missing)).await?;
            if rows.is_empty() {
                break;
            }
            for row in rows {
                let id: i32 = row.try_get("", "id")?;
                let text: String = row.try_get("", "source")?;
                let kept = Query::update()
                    .table(Alias::new(*table))
                    .value(Alias::new(*html), markdown::render(text).await?)
                    .and_where(Expr::col(Alias::new("id")).eq(id))
                    .to_owned();
                db.execute(backend.build(&kept)).await?;
                rendered += 1;
            }
        }
    }
    Ok(rendered)
}
