//! The HTTP application: pages, server functions, static assets, and the
//! layers every response goes through.

use std::sync::Arc;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::CompressionLevel;

use app::model::INDICATOR_UPLOAD_PATH;
use app::state::AppState;
use app::{shell, App};

use crate::config::TrustedProxies;
use crate::health::{self, Heartbeat};
use crate::kept_pages::{self, KeptPages};
use crate::{
    calendar, exports, gzip, markup, metrics, middleware, personal_data, reports, request_id,
    uploads,
};

/// Largest request body accepted (forms and server function calls).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The application over `state`; requests from `proxies` are taken to come
/// from the client they forward for. The health answers (`/sante/…`,
/// reading `heartbeat`) go through neither the session nor the page layers.
pub fn build(
    state: AppState,
    options: LeptosOptions,
    proxies: TrustedProxies,
    heartbeat: Heartbeat,
) -> Router {
    let https = state.public_url.starts_with("https://");
    let health = health::routes(state.reader.clone(), heartbeat);
    let routes = generate_route_list(App);
    let kept = Arc::new(KeptPages::new(state.public_views.ttl()));
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .merge(calendar::routes().with_state(state.clone()))
        .leptos_routes_with_context(&options, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(
            "/propositions.csv",
            get(exports::proposals_csv).with_state(state.clone()),
        )
        .route(
            "/reunions/{id}/suite-donnee.csv",
            get(exports::follow_up_csv).with_state(state.clone()),
        )
        .route(
            "/bilan/{year}/csv/{slug}",
            get(reports::year_figure).with_state(state.clone()),
        )
        .route(
            "/reunions/{id}/bilan/csv/{slug}",
            get(reports::session_figure).with_state(state.clone()),
        )
        .route(
            "/bilan/evolution/{from}/{to}/{slug}",
            get(reports::changes_figure).with_state(state.clone()),
        )
        .route(
            "/bilan/{year}/impression.css",
            get(reports::year_print).with_state(state.clone()),
        )
        .route(
            "/reunions/{id}/bilan/impression.css",
            get(reports::session_print).with_state(state.clone()),
        )
        .route(
            "/bilan/{year}/presences.csv",
            get(reports::attendance_csv).with_state(state.clone()),
        )
        .route(
            INDICATOR_UPLOAD_PATH,
            post(uploads::indicator_file).with_state(state.clone()),
        )
        .route(
            "/propositions.atom",
            get(exports::status_feed).with_state(state.clone()),
        )
        .route(
            "/compte/donnees.json",
            get(personal_data::download).with_state(state.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
        .layer(from_fn(markup::tidy))
        .layer(from_fn_with_state(kept, kept_pages::serve))
        .layer(from_fn_with_state(state.clone(), middleware::authenticate))
        .layer(from_fn_with_state(state, middleware::same_origin))
        .layer(from_fn_with_state(
            Arc::new(proxies),
            middleware::locate_client,
        ))
        .merge(health)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(from_fn(uploads::too_large))
        .layer(from_fn(metrics::track))
        .layer(from_fn_with_state(https, middleware::security_headers))
        .layer(from_fn(request_id::track))
        // Static assets come compressed at build time (Brotli). Pages are
        // compressed at each request, in gzip at its fastest: a Brotli
        // encoder holds megabytes of window per response, which 32 pages
        // in flight made into 100 MB of memory, and cost more CPU than
        // rendering the page (bench/RESULTS.md). Whole pages by an encoder
        // each thread keeps (gzip.rs); what streams by tower-http's.
        .layer(from_fn(gzip::pages))
        .layer(
            CompressionLayer::new()
                .no_br()
                .quality(CompressionLevel::Fastest),
        )
}

/// The Leptos options for serving the built site from `site_root`.
pub fn leptos_options(site_root: &std::path::Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("ecoute")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}
