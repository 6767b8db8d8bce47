//! The Écoute server: configuration, database, HTTP router and command line.

#![recursion_limit = "256"]

pub mod calendar;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod exports;
pub mod kept_pages;
pub mod mailer;
pub mod markup;
pub mod middleware;
pub mod router;

pub use error::Error;
