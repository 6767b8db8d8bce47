//! The integration suite: services against the database under test (SQLite,
//! or PostgreSQL with TEST_DATABASE_URL) and the whole application through
//! axum, in one test binary so that it is linked once.

mod common;

mod access;
mod accounts;
mod actions;
mod authorization;
mod backlog;
mod backups;
mod bounded;
mod command_line;
mod dashboard;
mod demo;
mod generator;
mod health;
mod hostile;
mod invitations;
mod mail;
mod meetings;
mod members;
mod migrations;
mod notices;
mod observability;
mod personal_data;
mod proposals;
mod public_views;
mod retention;
mod routes;
mod security;
mod services;
mod setup;
mod throttle;
mod upgrade;
