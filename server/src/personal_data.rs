//! GET /compte/donnees.json: everything Écoute holds about the signed-in
//! person, as a file to download (« Mes données »).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use app::auth::RequestAuth;
use app::model::AppError;
use app::services::legal::export;
use app::state::AppState;

pub async fn download(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
) -> Response {
    let data = match auth.user.as_ref() {
        Some(user) => export::personal_data(&state.reader, user).await,
        None => Err(AppError::Unauthenticated),
    };
    match data.and_then(|data| {
        serde_json::to_vec_pretty(&data).map_err(|error| {
            tracing::error!("the personal data export failed: {error}");
            AppError::Unavailable
        })
    }) {
        Ok(json) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"mes-donnees.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            json,
        )
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
                AppError::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            };
            (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                error.to_string(),
            )
                .into_response()
        }
    }
}
