//! Types shared by the server and the browser: enums of the domain, the data
//! each page receives, and the error a server function returns.

mod actions;
mod auth;
mod backlog;
mod dashboard;
mod easy_read;
mod enums;
mod error;
mod groups;
mod indicators;
mod input;
mod legal;
mod meetings;
mod members;
mod notices;
mod profiles;
mod proposal;
mod report;
mod search;
mod setup;
mod views;

pub use actions::*;
pub use auth::*;
pub use backlog::*;
pub use dashboard::*;
pub use easy_read::*;
pub use enums::*;
pub use error::AppError;
#[cfg(feature = "ssr")]
pub use error::ConstraintMeaning;
pub use groups::*;
pub use indicators::*;
pub use input::*;
pub use legal::*;
pub use meetings::*;
pub use members::*;
pub use notices::*;
pub use profiles::*;
pub use proposal::*;
pub use report::*;
pub use search::*;
pub use setup::*;
pub use views::*;
