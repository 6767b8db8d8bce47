//! The command line: serve (default), migrate, seed-demo, create-admin,
//! generate (a large body for benchmarks).

use clap::{Parser, Subcommand};
use rand::distributions::{Alphanumeric, DistString};
use sea_orm::DatabaseConnection;

use app::services::seed::demo::{self, SeedOutcome};
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
    /// (unless ECOUTE_DEMO_DATA=false) and serves the application.
    Serve,
    /// Applies the pending migrations and exits.
    Migrate,
    /// Loads the demo data, only if the database holds no data yet.
    SeedDemo,
    /// Creates an administrator account. The password is read from
    /// ECOUTE_ADMIN_PASSWORD; without it, one is generated and printed once.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
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
    let db = db::connect(&config.database_url, config.database_connections).await?;
    db::migrate(&db).await?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db).await,
        Command::Migrate => {
            println!("Schéma de la base de données à jour.");
            Ok(())
        }
        Command::SeedDemo => {
            report_seed(seed(&db).await?);
            Ok(())
        }
        Command::CreateAdmin { email, name } => create_admin(&db, &email, &name).await,
        Command::Generate { seed, divide } => generate(&db, seed, divide).await,
    }
}

async fn seed(db: &DatabaseConnection) -> Result<SeedOutcome, Error> {
    Ok(demo::seed(db, chrono::Utc::now()).await?)
}

fn report_seed(outcome: SeedOutcome) {
    match outcome {
        SeedOutcome::Loaded {
            organisations,
            proposals,
        } => println!(
            "Données de démonstration chargées : {organisations} organisations, {proposals} propositions."
        ),
        SeedOutcome::SkippedNotEmpty => println!(
            "La base contient déjà des données : les données de démonstration n'ont pas été chargées."
        ),
    }
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
    if config.demo_data {
        let outcome = seed(&db).await?;
        if matches!(outcome, SeedOutcome::Loaded { .. }) {
            report_seed(outcome);
        }
    }
    let options = router::leptos_options(&config.site_root, config.addr);
    let mail_worker = tokio::spawn(crate::mailer::run_worker(
        db.clone(),
        crate::mailer::Mailer::from_env()?,
        crate::mailer::Rounds {
            public_url: config.public_url.clone(),
            digests: config.digests,
        },
        crate::mailer::POLL_INTERVAL,
        shutdown_signal(),
    ));
    let state = AppState {
        reader: db::connect_reader(&config.database_url, &db).await?,
        db,
        public_url: config.public_url.clone(),
        public_views: std::sync::Arc::new(app::services::views::public_views::PublicViews::new(
            config.public_cache,
        )),
        digests: config.digests,
    };
    let app = router::build(state, options);
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
