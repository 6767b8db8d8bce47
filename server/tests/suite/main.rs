//! The integration suite: services against the database under test (SQLite,
//! or PostgreSQL with TEST_DATABASE_URL) and the whole application through
//! axum, in one test binary so that it is linked once.

mod common;

mod access;
mod account_corrections;
mod accounts;
mod action_corrections;
mod actions;
mod authorization;
mod backlog;
mod backups;
mod bounded;
mod command_line;
mod correction_rights;
mod dashboard;
mod demo;
mod easy_read;
mod generator;
mod health;
mod hostile;
mod indicators;
mod invitations;
mod list_index;
mod mail;
mod meeting_corrections;
mod meetings;
mod members;
mod membership_corrections;
mod migrations;
mod notices;
mod observability;
mod personal_data;
mod progress;
mod proposal_corrections;
mod proposals;
mod public_views;
mod relevance;
mod reports;
mod retention;
mod routes;
mod security;
mod services;
mod setup;
mod throttle;
mod upgrade;
