//! Pages made of several domains (the home page, a working group's page, an
//! organisation's page, the dashboard, the body's set-up, the search over
//! proposals, meetings and minutes) and the views kept
//! in memory for a few seconds.

pub mod dashboard;
pub mod group_page;
pub mod home;
pub mod organisation_page;
pub mod public_views;
pub mod rendered;
pub mod search;
pub mod setup;
