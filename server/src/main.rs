#![recursion_limit = "256"]

use clap::Parser;

// Under load, the system allocator's per-thread arenas kept tens of
// megabytes the server no longer used (bench/RESULTS.md); mimalloc returns them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    match server::logs::Format::from_lookup(|key| std::env::var(key).ok()) {
        Ok(format) => server::logs::init(format),
        Err(err) => {
            eprintln!("ecoute : {err}");
            std::process::exit(1);
        }
    }
    if let Err(err) = server::cli::run(server::cli::Cli::parse()).await {
        eprintln!("ecoute : {err}");
        std::process::exit(1);
    }
}
