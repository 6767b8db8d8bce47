#![recursion_limit = "256"]

use clap::Parser;
use tracing_subscriber::EnvFilter;

// Under load, the system allocator's per-thread arenas kept tens of
// megabytes the server no longer used (bench/RESULTS.md); mimalloc returns them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Err(err) = server::cli::run(server::cli::Cli::parse()).await {
        eprintln!("ecoute : {err}");
        std::process::exit(1);
    }
}
