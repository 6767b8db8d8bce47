//! The annual report's figures, the snapshots' changes and attendance as
//! CSV files: one file per figure, named after its report.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use app::model::{AppError, Figure};
use app::services::report::{annual, attendance, changes, figures};
use app::state::AppState;

use crate::exports::{csv_file, failure};

fn figure_file(found: Result<Option<Figure>, AppError>, name: String) -> Response {
    match found.and_then(|f| f.ok_or(AppError::NotFound)) {
        Ok(figure) => csv_file(&name, figures::csv(&figure)),
        Err(error) => failure(error),
    }
}

fn named(figures: Vec<Figure>, slug: &str) -> Option<Figure> {
    figures.into_iter().find(|f| f.slug == slug)
}

/// GET /bilan/{year}/csv/{slug}
pub async fn year_figure(
    State(state): State<AppState>,
    Path((year, slug)): Path<(i32, String)>,
) -> Response {
    let found = annual::of_year(&state.reader, year)
        .await
        .map(|r| named(r.figures, &slug));
    figure_file(found, format!("bilan-{year}-{slug}.csv"))
}

/// GET /reunions/{id}/bilan/csv/{slug}
pub async fn session_figure(
    State(state): State<AppState>,
    Path((id, slug)): Path<(i32, String)>,
) -> Response {
    let found = annual::of_session(&state.reader, id)
        .await
        .map(|r| named(r.figures, &slug));
    figure_file(found, format!("bilan-reunion-{id}-{slug}.csv"))
}

/// GET /bilan/evolution/{from}/{to}/{slug}, `to` being a snapshot's id or
/// « aujourdhui ».
pub async fn changes_figure(
    State(state): State<AppState>,
    Path((from, to, slug)): Path<(i32, String, String)>,
) -> Response {
    let to_id = match to.as_str() {
        "aujourdhui" => None,
        other => match other.parse() {
            Ok(id) => Some(id),
            Err(_) => return failure(AppError::NotFound),
        },
    };
    let found = changes::between(&state.reader, from, to_id)
        .await
        .map(|c| named(c.figures, &slug));
    figure_file(found, format!("evolution-{from}-{to}-{slug}.csv"))
}

fn stylesheet(found: Result<annual::Period, AppError>) -> Response {
    match found {
        Ok(period) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            annual::print_css(&period),
        )
            .into_response(),
        Err(error) => failure(error),
    }
}

/// GET /bilan/{year}/impression.css: the report's title on every printed page.
pub async fn year_print(State(state): State<AppState>, Path(year): Path<i32>) -> Response {
    stylesheet(annual::year(&state.reader, year).await)
}

/// GET /reunions/{id}/bilan/impression.css
pub async fn session_print(State(state): State<AppState>, Path(id): Path<i32>) -> Response {
    stylesheet(annual::session(&state.reader, id).await)
}

/// GET /bilan/{year}/presences.csv: one row per meeting and organisation.
pub async fn attendance_csv(State(state): State<AppState>, Path(year): Path<i32>) -> Response {
    match attendance::csv(&state.reader, year).await {
        Ok(bytes) => csv_file(&format!("presences-{year}.csv"), bytes),
        Err(error) => failure(error),
    }
}
