//! The backlog's exports as plain GET responses (a CSV file, an Atom feed):
//! the query string is the list view's, the visibility rule the list's.

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use app::auth::RequestAuth;
use app::model::{AppError, BacklogFilters};
use app::services::backlog::cards::Audience;
use app::services::backlog::follow_up;
use app::services::{backlog::exports, format};
use app::state::AppState;
use sea_orm::ConnectionTrait;

/// The French message of a failure, with its status, as plain text.
pub fn failure(error: AppError) -> Response {
    let status = match error {
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unavailable | AppError::Transport(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        error.to_string(),
    )
        .into_response()
}

fn request(
    auth: &RequestAuth,
    query: Option<String>,
) -> Result<(Audience, BacklogFilters), AppError> {
    let filters = BacklogFilters::parse(query.as_deref().unwrap_or_default())?;
    Ok((Audience::of(auth.user.as_ref()), filters))
}

/// GET /propositions.csv, sent as it is read: a backlog of any size takes
/// the memory of a chunk of it.
pub async fn proposals_csv(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    RawQuery(query): RawQuery,
) -> Response {
    let export = match request(&auth, query) {
        Ok((audience, filters)) => {
            exports::CsvExport::new(state.reader.clone(), audience, &filters).await
        }
        Err(error) => Err(error),
    };
    match export {
        Ok(export) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}\"",
                        exports::csv_file_name(format::today())
                    ),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            Body::from_stream(chunks(export)),
        )
            .into_response(),
        Err(error) => failure(error),
    }
}

/// The pieces of an export; a failure midway ends the response in error, so
/// that the browser does not keep a file cut short as if whole.
fn chunks<C: ConnectionTrait + Send + 'static>(
    export: exports::CsvExport<C>,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, AppError>> + Send {
    futures_util::stream::try_unfold(export, |mut export| async move {
        match export.next_chunk().await {
            Ok(chunk) => Ok(chunk.map(|bytes| (bytes, export))),
            Err(error) => {
                tracing::error!("the CSV export stopped: {error}");
                Err(error)
            }
        }
    })
}

/// GET /propositions.atom
pub async fn status_feed(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    RawQuery(query): RawQuery,
) -> Response {
    let feed = match request(&auth, query) {
        Ok((audience, filters)) => {
            exports::status_feed(
                &state.reader,
                audience,
                &filters,
                &state.public_url,
                chrono::Utc::now(),
            )
            .await
        }
        Err(error) => Err(error),
    };
    match feed {
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            xml,
        )
            .into_response(),
        Err(error) => failure(error),
    }
}

/// GET /reunions/{id}/suite-donnee.csv: « suite donnée » of a plenary
/// session, written as the backlog's export is.
pub async fn follow_up_csv(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(id): Path<i32>,
) -> Response {
    match follow_up::of_session(&state.reader, auth.user.as_ref(), id).await {
        Ok(table) => csv_file(&follow_up::csv_file_name(&table), follow_up::csv(&table)),
        Err(error) => failure(error),
    }
}

/// A CSV file to download as `name`, never kept by a cache.
pub fn csv_file(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
