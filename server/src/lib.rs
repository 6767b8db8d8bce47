//! The Écoute server: configuration, database, HTTP router and command line.

#![recursion_limit = "256"]

pub mod backup;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod exports;
pub mod gzip;
pub mod health;
pub mod kept_pages;
pub mod logs;
pub mod mailer;
pub mod markup;
pub mod metrics;
pub mod middleware;
pub mod personal_data;
pub mod reports;
pub mod request_id;
pub mod router;
pub mod uploads;

pub use error::Error;
