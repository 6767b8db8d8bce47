//! One module per route area.

pub mod account;
pub mod actions;
pub mod admin;
pub mod campaigns;
pub mod catalogue;
pub mod dashboard;
pub mod easy_read;
pub mod follow_up;
pub mod groups;
pub mod home;
pub mod indicators;
pub mod instance;
pub mod legal;
pub mod meetings;
pub mod members;
pub mod minutes;
pub mod not_found;
pub mod notifications;
pub mod procedures;
pub mod profiles;
pub mod proposal;
pub mod proposals;
pub mod report;
pub mod search;
pub mod setup;
pub mod sign_in;
pub mod submission;

/// The `:id` of the page's address, as a number (0 when it is not one, which
/// no row has).
fn id_param() -> leptos::prelude::Memo<i32> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}
