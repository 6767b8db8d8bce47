//! Files sent by a form (`multipart/form-data`), read here rather than by a
//! server function: the indicators' CSV file, which the import form sends
//! without JavaScript.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;

use app::api::refused;
use app::auth::RequestAuth;
use app::model::{AppError, INDICATOR_IMPORT_PATH, INDICATOR_UPLOAD_PATH};
use app::services::backlog::indicators;
use app::state::AppState;

use crate::exports::failure;

const TOO_LARGE: &str = "Le contenu envoyé dépasse 1 Mo : rien n'a été enregistré.";

/// A body over the limit is refused before any handler reads it: the
/// refusal is said in French, and the import form gets it back as its
/// message.
pub async fn too_large(request: Request, next: Next) -> Response {
    let upload = request.uri().path() == INDICATOR_UPLOAD_PATH;
    let response = next.run(request).await;
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    if upload {
        return back_to_form(TOO_LARGE);
    }
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        TOO_LARGE,
    )
        .into_response()
}

fn back_to_form(message: &str) -> Response {
    Redirect::to(&refused::address(
        INDICATOR_IMPORT_PATH,
        "fichier",
        message,
        Some("fichier"),
        &[],
    ))
    .into_response()
}

/// The form's fields: the file, or its content pasted.
struct ImportForm {
    file: Vec<u8>,
    pasted: String,
}

async fn read_form(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<ImportForm, AppError> {
    let unreadable = |_| {
        AppError::Invalid(
            "Le fichier n'a pas pu être reçu en entier (1 Mo au plus) : envoyez-le à nouveau."
                .to_string(),
        )
    };
    let mut multipart = multipart.map_err(|_| {
        AppError::Invalid("Envoyez le fichier depuis le formulaire d'import.".to_string())
    })?;
    let mut form = ImportForm {
        file: Vec::new(),
        pasted: String::new(),
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("fichier") => form.file = field.bytes().await.map_err(unreadable)?.to_vec(),
            Some("csv") => form.pasted = field.text().await.map_err(unreadable)?,
            _ => {}
        }
    }
    Ok(form)
}

/// POST of the import form: keeps the file and sends to its dry run, or
/// back to the form with what to correct.
pub async fn indicator_file(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let admin = match auth.user.clone().filter(|user| user.is_admin()) {
        Some(admin) => admin,
        None => {
            let refused = app::auth::refuse_admin_route(
                &state.db,
                &auth,
                INDICATOR_UPLOAD_PATH,
                "importer des indicateurs",
            )
            .await;
            return failure(refused);
        }
    };
    let staged = match read_form(multipart).await {
        Ok(form) if !form.file.is_empty() => match indicators::file_text(&form.file) {
            Ok(text) => indicators::stage(&state.db, &admin, &text, chrono::Utc::now()).await,
            Err(error) => Err(error),
        },
        Ok(form) => indicators::stage(&state.db, &admin, &form.pasted, chrono::Utc::now()).await,
        Err(error) => Err(error),
    };
    match staged {
        Ok(id) => Redirect::to(&format!("{INDICATOR_IMPORT_PATH}/{id}")).into_response(),
        Err(AppError::Invalid(message)) => back_to_form(&message),
        Err(error) => failure(error),
    }
}
