//! Écoute, the application: compiled natively for server-side rendering
//! (feature `ssr`) and to WebAssembly for hydration (feature `hydrate`).
//! Pages are rendered on the server only; the few parts that react in the
//! browser are islands (`#[island]`), and only they ship as WebAssembly.

#![recursion_limit = "256"]

pub mod api;
mod app;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod components;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod request_id;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
