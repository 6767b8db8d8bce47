//! iCalendar downloads: one meeting's .ics and each person's private feed.
//! The handlers only read the request and call the meetings service.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Extension;
use axum::Router;

use app::auth::RequestAuth;
use app::model::AppError;
use app::services::body::meetings;
use app::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reunions/{id}/invitation.ics", get(meeting))
        .route("/calendrier/{file}", get(feed))
}

async fn meeting(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    auth: Option<Extension<RequestAuth>>,
) -> Response {
    let viewer = auth.and_then(|Extension(auth)| auth.user);
    let result = meetings::download(&state.reader, viewer.as_ref(), id, &state.public_url).await;
    respond(result, &format!("reunion-{id}.ics"))
}

async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let views = &state.public_views;
    let result = meetings::calendar_feed(
        &state.reader,
        &views.feeds,
        views.ttl(),
        token,
        &state.public_url,
    )
    .await;
    respond(result.map(|feed| feed.as_str().to_owned()), "ecoute.ics")
}

fn respond(result: Result<String, AppError>, filename: &str) -> Response {
    match result {
        Ok(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                (header::CACHE_CONTROL, "private, no-cache".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(AppError::NotFound) => {
            (StatusCode::NOT_FOUND, "Calendrier introuvable.").into_response()
        }
        Err(err) => (StatusCode::SERVICE_UNAVAILABLE, err.to_string()).into_response(),
    }
}
