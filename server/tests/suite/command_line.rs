//! The `ecoute` binary as an operator runs it: migrate, seed-demo,
//! create-admin (never reading standard input), one-line errors for a bad
//! DATABASE_URL, and a clean stop on SIGTERM. These run the real binary on a
//! SQLite file of their own, whatever database the rest of the suite uses.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{ecoute, text, ECOUTE};

#[test]
fn migrate_seed_and_create_admin_work_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = ecoute(dir.path(), &["migrate"], &[]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    assert!(text(&migrated.stdout).contains("Schéma de la base de données à jour."));
    assert!(dir.path().join("ecoute.db").exists());

    let seeded = ecoute(dir.path(), &["seed-demo"], &[]);
    assert!(text(&seeded.stdout).contains("Données de démonstration chargées"));
    let again = ecoute(dir.path(), &["seed-demo"], &[]);
    assert!(
        text(&again.stdout).contains("n'ont pas été chargées"),
        "never over existing data"
    );

    let created = ecoute(
        dir.path(),
        &[
            "create-admin",
            "--email",
            "Claire.Martin@interieur.gouv.fr",
            "--name",
            "Claire Martin",
        ],
        &[],
    );
    assert!(created.status.success(), "{}", text(&created.stderr));
    let out = text(&created.stdout);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("Mot de passe (affiché une seule fois) : "))
        .expect("a generated password, printed once");
    assert!(password.len() >= 12, "{password}");
    assert_eq!(out.matches(password).count(), 1);
    assert!(!text(&created.stderr).contains(password), "not in the logs");

    let given = ecoute(
        dir.path(),
        &[
            "create-admin",
            "--email",
            "second@interieur.gouv.fr",
            "--name",
            "Second",
        ],
        &[("ECOUTE_ADMIN_PASSWORD", "une phrase de passe choisie")],
    );
    assert!(given.status.success(), "{}", text(&given.stderr));
    assert!(!text(&given.stdout).contains("une phrase de passe choisie"));
}

#[test]
fn a_bad_database_url_stops_with_one_line_that_hides_the_password() {
    let dir = tempfile::tempdir().unwrap();
    for (url, expected) in [
        ("mysql://root:s3cret@localhost/ecoute", "n'est pas reconnue"),
        (
            "postgres://ecoute:s3cret@127.0.0.1:1/ecoute",
            "ecoute:***@127.0.0.1:1",
        ),
    ] {
        let out = ecoute(dir.path(), &["migrate"], &[("DATABASE_URL", url)]);
        assert!(!out.status.success(), "{url}");
        let err = text(&out.stderr);
        let lines: Vec<_> = err.lines().filter(|l| l.starts_with("ecoute :")).collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(lines[0].contains(expected), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn the_server_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener);
    let mut server = Command::new(ECOUTE)
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/ecoute.db", dir.path().display()),
        )
        .env("ECOUTE_ADDR", &addr)
        .env("ECOUTE_MAIL_DIR", dir.path().join("mail"))
        .env("ECOUTE_DEMO_DATA", "false")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(15),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let seeded = ecoute(dir.path(), &["seed-demo"], &[]);
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let file = dir.path().join("ecoute-sauvegarde.db");
    let file_arg = file.to_string_lossy().to_string();

    let saved = ecoute(dir.path(), &["backup", &file_arg], &[]);
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    assert!(
        text(&saved.stdout).contains("Sauvegarde écrite et vérifiée"),
        "{}",
        text(&saved.stdout)
    );

    let refused = ecoute(dir.path(), &["restore", &file_arg], &[]);
    assert!(!refused.status.success());
    let err = text(&refused.stderr);
    assert!(err.contains("n'est pas vide"), "{err}");
    assert!(
        err.contains("ne se restaure que dans une base vide"),
        "{err}"
    );

    let elsewhere = format!("sqlite://{}/restauree/ecoute.db", dir.path().display());
    let restored = ecoute(
        dir.path(),
        &["restore", &file_arg],
        &[("DATABASE_URL", &elsewhere)],
    );
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(text(&restored.stdout).contains("Sauvegarde restaurée"));
    let again = ecoute(dir.path(), &["seed-demo"], &[("DATABASE_URL", &elsewhere)]);
    assert!(
        text(&again.stdout).contains("n'ont pas été chargées"),
        "the restored database holds the body"
    );
}
