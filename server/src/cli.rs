//! The command line: serve (default), migrate, seed-demo, remove-demo,
//! create-admin, backup and restore, generate (a large body for benchmarks).

use clap::{Parser, Subcommand};
use rand::distributions::{Alphanumeric, DistString};
use sea_orm::DatabaseConnection;

use app::services::seed::demo::{self, SeedOutcome};
use app::services::seed::removal;
use app::state::AppState;

use crate::config::Config;
use crate::{db, router, Error};

#[derive(Debug, Parser)]
#[command(
    name = "ecoute",
    version,
    about = "Écoute — l'instance d'écoute des usagers"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Applies the migrations, loads the demo data into an empty database
    /// (unless ECOUTE_DEMO_DATA=false; see seed-demo for its password) and
    /// serves the application.
    Serve,
    /// Applies the pending migrations and exits.
    Migrate,
    /// Loads the demo data, only if the database holds no data yet. Its
    /// accounts for the secretariat, a lead and a member sign in with the
    /// password of ECOUTE_DEMO_PASSWORD; without it, one is generated and
    /// printed once.
    SeedDemo,
    /// Removes the demo data, keeping what real users created (and the demo
    /// rows their data refers to, which it lists).
    RemoveDemo,
    /// Creates an administrator account. The password is read from
    /// ECOUTE_ADMIN_PASSWORD; without it, one is generated and printed once.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Writes a consistent copy of the database into FILE while the server
    /// runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump, custom format),
    /// then checks it.
    Backup {
        /// The backup file to write (it must not exist).
        file: std::path::PathBuf,
    },
    /// Restores a backup made by `backup` into the empty database of
    /// DATABASE_URL; refuses a database that holds tables.
    Restore {
        /// The backup file to read.
        file: std::path::PathBuf,
    },
    /// Fills an empty database with a large generated body for benchmarks
    /// (the demo body, then 300 organisations, 5 000 people, 100 000
    /// proposals, 1 000 000 timeline events…), deterministic from the seed.
    Generate {
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Generates the full body divided by this number (1 = full size).
        #[arg(long, default_value_t = 1)]
        divide: usize,
    },
}

pub async fn run(cli: Cli) -> Result<(), Error> {
    let config = Config::from_env()?;
    // Neither a backup nor a restore changes the schema.
    match &cli.command {
        Some(Command::Backup { file }) => return backup(&config.database_url, file).await,
        Some(Command::Restore { file }) => return restore(&config.database_url, file).await,
        _ => {}
    }
    let db = db::connect(&config.database_url, config.database_connections).await?;
    db::migrate(&db).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db).await,
        Command::Migrate => {
            println!("Schéma de la base de données à jour.");
            Ok(())
        }
        Command::SeedDemo => seed(&db).await,
        Command::RemoveDemo => remove_demo(&db).await,
        Command::CreateAdmin { email, name } => create_admin(&db, &email, &name).await,
        Command::Generate { seed, divide } => generate(&db, seed, divide).await,
        Command::Backup { .. } | Command::Restore { .. } => Ok(()),
    }
}

async fn backup(url: &str, file: &std::path::Path) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let summary = crate::backup::backup(url, file).await?;
    println!(
        "Sauvegarde écrite et vérifiée : {} ({} tables, {} octets, {:.1} s).",
        file.display(),
        summary.tables,
        summary.bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn restore(url: &str, file: &std::path::Path) -> Result<(), Error> {
    let started = std::time::Instant::now();
    let summary = crate::backup::restore(url, file).await?;
    println!(
        "Sauvegarde restaurée dans {} : {} tables ({:.1} s). Le schéma sera mis à jour au prochain démarrage ou par `ecoute migrate`.",
        db::redact(url),
        summary.tables,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Loads the demo body into an empty database, and says so with how to
/// sign in to it; says nothing to do over data.
async fn seed(db: &DatabaseConnection) -> Result<(), Error> {
    if removal::holds_data(db).await? {
        println!(
            "La base contient déjà des données : les données de démonstration n'ont pas été chargées."
        );
        return Ok(());
    }
    let (password, generated) = match std::env::var("ECOUTE_DEMO_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20), true),
    };
    app::services::accounts::passwords::validate(&password)
        .map_err(|err| Error::Config(format!("ECOUTE_DEMO_PASSWORD ne convient pas : {err}")))?;
    let hash = app::services::accounts::passwords::hash(password.clone()).await?;
    match demo::seed(db, chrono::Utc::now(), Some(hash)).await? {
        SeedOutcome::Loaded {
            organisations,
            proposals,
        } => {
            println!(
                "Données de démonstration chargées : {organisations} organisations, {proposals} propositions."
            );
            println!("Comptes de démonstration :");
            for (role, name, email) in demo::accounts() {
                println!("  {} — {name} : {email}", role.label());
            }
            if generated {
                println!("Mot de passe de ces comptes (affiché une seule fois) : {password}");
            } else {
                println!("Mot de passe de ces comptes : celui de ECOUTE_DEMO_PASSWORD.");
            }
        }
        SeedOutcome::SkippedNotEmpty => println!(
            "La base contient déjà des données : les données de démonstration n'ont pas été chargées."
        ),
    }
    Ok(())
}

async fn remove_demo(db: &DatabaseConnection) -> Result<(), Error> {
    let removed = removal::remove(db, None, None).await?;
    println!(
        "Données de démonstration retirées : {} élément(s) supprimé(s).",
        removed.removed
    );
    if !removed.kept.is_empty() {
        println!("Conservés, parce que des données réelles y renvoient :");
        for kept in removed.kept {
            println!("  {kept}");
        }
    }
    Ok(())
}

async fn create_admin(db: &DatabaseConnection, email: &str, name: &str) -> Result<(), Error> {
    let (password, generated) = match std::env::var("ECOUTE_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20), true),
    };
    let user = app::services::accounts::people::create_admin(db, email, name, &password).await?;
    println!("Compte administrateur créé pour {}.", user.email);
    if generated {
        println!("Mot de passe (affiché une seule fois) : {password}");
    }
    Ok(())
}

async fn generate(db: &DatabaseConnection, seed: u64, divide: usize) -> Result<(), Error> {
    use app::services::seed::generator::{self, Outcome, Size, PASSWORD};

    let started = std::time::Instant::now();
    let hash = app::services::accounts::passwords::hash(PASSWORD.to_string()).await?;
    let outcome =
        generator::generate(db, Size::divided_by(divide), seed, hash, chrono::Utc::now()).await?;
    let Outcome::Generated(body) = outcome else {
        return Err(Error::App(app::model::AppError::Invalid(
            "la base contient déjà des données : le jeu d'essai ne se génère que dans une base vide"
                .into(),
        )));
    };
    println!(
        "Jeu d'essai généré en {:.1} s : {} organisations, {} personnes, {} propositions, \
         {} événements, {} soutiens, {} réunions.",
        started.elapsed().as_secs_f64(),
        body.organisations,
        body.users,
        body.proposals,
        body.events,
        body.supports,
        body.meetings
    );
    println!("long_timeline_reference={}", body.long_timeline_reference);
    println!("minutes_meeting_id={}", body.minutes_meeting_id);
    println!("calendar_token={}", body.calendar_token);
    println!("member_email={}", body.member_email);
    println!("lead_email={}", body.lead_email);
    println!("password={}", body.password);
    Ok(())
}

async fn serve(config: Config, db: DatabaseConnection) -> Result<(), Error> {
    // Into an empty body, unless its secretariat removed the demo from it.
    if config.demo_data && !removal::holds_data(&db).await? && !removal::was_removed(&db).await? {
        seed(&db).await?;
    }
    let options = router::leptos_options(&config.site_root, config.addr);
    let heartbeat = crate::health::Heartbeat::default();
    let mail_worker = tokio::spawn(crate::mailer::run_worker(
        db.clone(),
        crate::mailer::Mailer::from_env()?,
        crate::mailer::Rounds {
            public_url: config.public_url.clone(),
            digests: config.digests,
            retention: config.retention,
        },
        crate::mailer::POLL_INTERVAL,
        heartbeat.clone(),
        shutdown_signal(),
    ));
    let reader = db::connect_reader(&config.database_url, &db).await?;
    if let Some(addr) = config.metrics_addr {
        let scrape = crate::metrics::Scrape {
            handle: crate::metrics::recorder()?,
            db: db.clone(),
            reader: reader.clone(),
        };
        let listener = crate::metrics::bind(addr).await?;
        tokio::spawn(async move {
            if let Err(err) = crate::metrics::serve(listener, scrape, shutdown_signal()).await {
                tracing::error!(error = %err, "the metrics server stopped");
            }
        });
    }
    let state = AppState {
        reader,
        db,
        public_url: config.public_url.clone(),
        public_views: std::sync::Arc::new(app::services::views::public_views::PublicViews::new(
            config.public_cache,
        )),
        digests: config.digests,
        retention: config.retention,
    };
    // The list index is loaded before the first search needs it.
    let (views, reader) = (state.public_views.clone(), state.reader.clone());
    tokio::spawn(async move {
        if let Err(err) = views.lists.index.catch_up(&reader).await {
            tracing::warn!(error = %err, "the list index will be loaded at the first list");
        }
    });
    let app = router::build(state, options, config.trusted_proxies.clone(), heartbeat);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|err| Error::Bind {
            addr: config.addr.to_string(),
            reason: err.to_string(),
        })?;
    tracing::info!(addr = %config.addr, "listening");
    println!("Écoute est servie sur http://{}", config.addr);
    // The peer's address reaches the sign-in throttle and the audit log.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    let _ = mail_worker.await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish first.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested");
}
