#![recursion_limit = "256"]

use clap::Parser;

// Under load, the system allocator's per-thread arenas kept tens of
// megabytes the server no longer used (bench/RESULTS.md); mimalloc returns them.
// Without transparent huge pages (feature `no_thp`): a huge page is resident
// whole however little of it is used (51 of 66 MB of its memory were, after
// loading the list index; bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Before the runtime's threads start: a thread that allocated before
    // would keep an arena of its own.
    one_arena_for_c();
    match server::logs::Format::from_lookup(|key| std::env::var(key).ok()) {
        Ok(format) => server::logs::init(format),
        Err(err) => {
            eprintln!("ecoute : {err}");
            std::process::exit(1);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("ecoute : {err}");
            std::process::exit(1);
        }
    };
    if let Err(err) = runtime.block_on(server::cli::run(server::cli::Cli::parse())) {
        eprintln!("ecoute : {err}");
        std::process::exit(1);
    }
}

/// What still uses the system allocator is C code, SQLite's above all: one
/// arena for all its threads, where each SQLite connection's thread kept an
/// arena of its own (about 6 MB each, five of them, under load), and threads
/// started earlier shared theirs with them.
fn one_arena_for_c() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the C allocator, before the
    // threads that would use more arenas start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
