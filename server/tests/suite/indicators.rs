//! The procedures' quality indicators: the secretariat records a value
//! (replacing one of the same procedure, indicator and date) or deletes a
//! wrong one, audited; anyone else is refused and bad values change
//! nothing. A CSV file is checked by a dry run that changes nothing and
//! says what the import will do, then imported whole, or refused whole with
//! the numbers of its bad lines. A procedure's page shows its values in
//! date order, beside the days its proposals were delivered.

use crate::common::{self, audits, invalid};

use app::api::indicators::{ApplyIndicatorImport, RecordIndicator};
use app::entities::{indicator_import, procedure, procedure_indicator};
use app::model::{AppError, IndicatorKind, RgaaLevel, INDICATOR_UPLOAD_PATH};
use app::services::backlog::cards::Audience;
use app::services::backlog::indicators::{self, Typed};
use app::services::backlog::procedures;
use axum::http::header;
use chrono::{NaiveDate, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const ADMIN: &str = "helene.marchand@interieur.example";
const LEAD: &str = "nathalie.rousseau@apf-francehandicap.example";
const MEMBER: &str = "isabelle.moreau@papillonsblancs-paris.example";
const SOURCE: &str = "Observatoire « Vos démarches essentielles », T1 2024";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn typed(procedure: &str, kind: &str, measured_on: &str, value: &str) -> Typed {
    Typed {
        procedure: procedure.into(),
        kind: kind.into(),
        measured_on: measured_on.into(),
        value: value.into(),
        source: SOURCE.into(),
    }
}

async fn procedure_id(test: &common::TestDb, slug: &str) -> i32 {
    procedure::Entity::find()
        .filter(procedure::Column::Slug.eq(slug))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// The values recorded on procedure `slug`: (indicator, date, figure, level).
async fn values(
    test: &common::TestDb,
    slug: &str,
) -> Vec<(IndicatorKind, NaiveDate, Option<f64>, Option<RgaaLevel>)> {
    procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::ProcedureId.eq(procedure_id(test, slug).await))
        .order_by_asc(procedure_indicator::Column::Kind)
        .order_by_asc(procedure_indicator::Column::MeasuredOn)
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.kind, v.measured_on, v.figure, v.level))
        .collect()
}

#[tokio::test]
async fn the_secretariat_records_replaces_and_deletes_values_audited() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let now = Utc::now();

    let replaced = indicators::record(
        &test.db,
        &admin,
        &typed("passeport-pre-demande", "satisfaction", "2024-03-31", "6,2"),
        None,
        now,
    )
    .await
    .unwrap();
    assert!(!replaced);
    indicators::record(
        &test.db,
        &admin,
        &typed(
            "passeport-pre-demande",
            "accessibilite",
            "31/03/2024",
            "62,5 %",
        ),
        None,
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        values(&test, "passeport-pre-demande").await,
        [
            (
                IndicatorKind::Accessibility,
                day("2024-03-31"),
                Some(62.5),
                Some(RgaaLevel::Partiel)
            ),
            (
                IndicatorKind::Satisfaction,
                day("2024-03-31"),
                Some(6.2),
                None
            ),
        ]
    );

    // The same procedure, indicator and date again: the value is replaced.
    let replaced = indicators::record(
        &test.db,
        &admin,
        &typed("passeport-pre-demande", "satisfaction", "2024-03-31", "6.4"),
        None,
        now,
    )
    .await
    .unwrap();
    assert!(replaced);
    let satisfaction: Vec<_> = values(&test, "passeport-pre-demande")
        .await
        .into_iter()
        .filter(|v| v.0 == IndicatorKind::Satisfaction)
        .collect();
    assert_eq!(
        satisfaction,
        [(
            IndicatorKind::Satisfaction,
            day("2024-03-31"),
            Some(6.4),
            None
        )]
    );
    let recorded = audits(&test, "indicator.recorded").await;
    assert_eq!(recorded.len(), 3);
    assert_eq!(recorded[2].actor_user_id, Some(admin.id));
    assert!(
        recorded[2].detail.contains("6,4/10, remplace 6,2/10"),
        "{}",
        recorded[2].detail
    );

    let wrong = procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::Kind.eq(IndicatorKind::Accessibility))
        .filter(
            procedure_indicator::Column::ProcedureId.eq(procedure_id(
                &test,
                "passeport-pre-demande",
            )
            .await),
        )
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let lead = common::demo_person(&test, LEAD).await;
    assert_eq!(
        indicators::delete(&test.db, &lead, wrong.id, None).await,
        Err(AppError::Forbidden)
    );
    indicators::delete(&test.db, &admin, wrong.id, None)
        .await
        .unwrap();
    assert_eq!(values(&test, "passeport-pre-demande").await.len(), 1);
    let deleted = audits(&test, "indicator.deleted").await;
    assert_eq!(deleted.len(), 1);
    assert!(
        deleted[0]
            .detail
            .contains("62,5 % (partiellement conforme) supprimée"),
        "{}",
        deleted[0].detail
    );
    assert_eq!(
        indicators::delete(&test.db, &admin, wrong.id, None).await,
        Err(AppError::NotFound)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn bad_values_and_other_people_are_refused_and_change_nothing() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let now = Utc::now();
    let before = common::snapshot(&test.db).await;

    for email in [LEAD, MEMBER] {
        let person = common::demo_person(&test, email).await;
        assert_eq!(
            indicators::record(
                &test.db,
                &person,
                &typed("cni-pre-demande", "satisfaction", "2024-03-31", "7"),
                None,
                now,
            )
            .await,
            Err(AppError::Forbidden),
            "{email}"
        );
    }
    let tomorrow = (now + chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    for (procedure, kind, date, value, expected) in [
        (
            "cni-pre-demande",
            "satisfaction",
            "2024-03-31",
            "12",
            "une note sur 10",
        ),
        (
            "cni-pre-demande",
            "satisfaction",
            "2024-03-31",
            "7,45",
            "au plus une décimale",
        ),
        (
            "cni-pre-demande",
            "satisfaction",
            "2024-03-31",
            "",
            "Indiquez la valeur",
        ),
        (
            "cni-pre-demande",
            "accessibilite",
            "2024-03-31",
            "bien",
            "taux de conformité RGAA",
        ),
        (
            "cni-pre-demande",
            "accessibilite",
            "2024-03-31",
            "101 %",
            "taux de conformité RGAA",
        ),
        (
            "cni-pre-demande",
            "franceconnect",
            "2024-03-31",
            "peut-être",
            "« oui » ou « non »",
        ),
        (
            "cni-pre-demande",
            "duree",
            "2024-03-31",
            "0",
            "nombre entier de minutes",
        ),
        (
            "cni-pre-demande",
            "duree",
            "2024-03-31",
            "2,5",
            "nombre entier de minutes",
        ),
        (
            "cni-pre-demande",
            "part_en_ligne",
            "2024-03-31",
            "-3",
            "pourcentage de 0 à 100",
        ),
        (
            "cni-pre-demande",
            "humeur",
            "2024-03-31",
            "7",
            "L'indicateur « humeur » n'existe pas",
        ),
        (
            "cni-pre-demande",
            "",
            "2024-03-31",
            "7",
            "Choisissez l'indicateur",
        ),
        (
            "passeport-inconnu",
            "satisfaction",
            "2024-03-31",
            "7",
            "La démarche « passeport-inconnu » n'existe pas",
        ),
        (
            "",
            "satisfaction",
            "2024-03-31",
            "7",
            "Choisissez la démarche",
        ),
        (
            "cni-pre-demande",
            "satisfaction",
            "31 mars",
            "7",
            "ne se lit pas",
        ),
        (
            "cni-pre-demande",
            "satisfaction",
            &tomorrow,
            "7",
            "dans le futur",
        ),
    ] {
        let message = invalid(
            indicators::record(
                &test.db,
                &admin,
                &typed(procedure, kind, date, value),
                None,
                now,
            )
            .await,
        );
        assert!(
            message.contains(expected),
            "{procedure} {kind} {date} {value}: {message}"
        );
    }
    let mut no_source = typed("cni-pre-demande", "satisfaction", "2024-03-31", "7");
    no_source.source = "  ".into();
    assert!(
        invalid(indicators::record(&test.db, &admin, &no_source, None, now).await)
            .contains("Indiquez la source")
    );
    no_source.source = "x".repeat(301);
    assert!(
        invalid(indicators::record(&test.db, &admin, &no_source, None, now).await)
            .contains("300 caractères")
    );

    assert_eq!(common::snapshot(&test.db).await, before);
    test.drop_db().await;
}

#[tokio::test]
async fn the_form_records_for_the_secretariat_only_and_sends_bad_values_back() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let form = |value: &str| {
        format!(
            "procedure=passeport-pre-demande&kind=satisfaction&measured_on=2024-06-30&value={}&source=Observatoire+T2+2024",
            form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        )
    };
    let count = || async {
        procedure_indicator::Entity::find()
            .count(&test.db)
            .await
            .unwrap()
    };
    let before = count().await;

    for cookie in [None, Some(common::signed_in(&test, MEMBER).await)] {
        let refused = common::post_form(
            &app,
            RecordIndicator::PATH,
            cookie.as_deref(),
            "/admin/indicateurs",
            &form("7,1"),
        )
        .await;
        assert!(!refused.status.is_success(), "{}", refused.status);
        assert!(
            refused
                .headers
                .get(header::LOCATION)
                .is_none_or(|l| !l.to_str().unwrap().contains("enregistre")),
            "{:?}",
            refused.headers
        );
    }
    assert_eq!(count().await, before);
    let member = common::signed_in(&test, MEMBER).await;
    let page = common::get(&app, "/admin/indicateurs", Some(&member)).await;
    assert_eq!(page.status, axum::http::StatusCode::FORBIDDEN);

    let admin = common::signed_in(&test, ADMIN).await;
    let sent_back = common::post_form(
        &app,
        RecordIndicator::PATH,
        Some(&admin),
        "/admin/indicateurs",
        &form("11"),
    )
    .await;
    let location = sent_back.headers[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with("/admin/indicateurs?erreur="),
        "{location}"
    );
    assert_eq!(count().await, before);
    let page = common::get(&app, location, Some(&admin)).await;
    assert!(
        page.text()
            .contains("« 11 » ne convient pas pour « Satisfaction des usagers »"),
        "{}",
        page.text()
    );
    assert!(
        page.text().contains("Observatoire T2 2024"),
        "what was typed stays"
    );

    let saved = common::post_form(
        &app,
        RecordIndicator::PATH,
        Some(&admin),
        "/admin/indicateurs",
        &form("7,1"),
    )
    .await;
    assert_eq!(
        saved.headers[header::LOCATION],
        "/admin/indicateurs?enregistre#valeurs"
    );
    assert_eq!(count().await, before + 1);
    let page = common::get(&app, "/admin/indicateurs", Some(&admin)).await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    assert!(page.text().contains("7,1/10"));
    assert!(page.text().contains("Observatoire T2 2024"));
    test.drop_db().await;
}

const GOOD_FILE: &str = "\u{feff}demarche;indicateur;date;valeur;source\r\n\
    passeport-pre-demande;satisfaction;2024-03-31;6,8;\"Observatoire; T1 2024\"\r\n\
    passeport-pre-demande;franceconnect;31/03/2024;oui;Observatoire T1 2024\r\n\
    cni-pre-demande;satisfaction;2019-12-31;7,2;Observatoire T4 2019, corrigé\r\n";

#[tokio::test]
async fn a_csv_file_is_checked_by_a_dry_run_then_imported_whole() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let member = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();

    assert_eq!(
        indicators::stage(&test.db, &member, GOOD_FILE, now).await,
        Err(AppError::Forbidden)
    );
    let id = indicators::stage(&test.db, &admin, GOOD_FILE, now)
        .await
        .unwrap();
    let staged = common::snapshot(&test.db).await;
    assert_eq!(
        indicators::dry_run(&test.db, &member, id, now).await,
        Err(AppError::Forbidden)
    );
    let report = indicators::dry_run(&test.db, &admin, id, now)
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let lines: Vec<_> = report
        .lines
        .iter()
        .map(|l| {
            (
                l.line,
                l.shown.as_str(),
                l.source.as_str(),
                l.replaces.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (2, "6,8/10", "Observatoire; T1 2024", None),
            (3, "Oui", "Observatoire T1 2024", None),
            (4, "7,2/10", "Observatoire T4 2019, corrigé", Some("7,3/10")),
        ]
    );
    assert_eq!((report.added(), report.replaced()), (2, 1));
    assert_eq!(
        common::snapshot(&test.db).await,
        staged,
        "the dry run changed nothing"
    );

    assert_eq!(
        indicators::import(&test.db, &member, id, None, now).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        indicators::import(&test.db, &admin, id, None, now).await,
        Ok(3)
    );
    let passport = values(&test, "passeport-pre-demande").await;
    assert_eq!(
        passport,
        [
            (
                IndicatorKind::FranceConnect,
                day("2024-03-31"),
                Some(1.0),
                None
            ),
            (
                IndicatorKind::Satisfaction,
                day("2024-03-31"),
                Some(6.8),
                None
            ),
        ]
    );
    let corrected = procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::MeasuredOn.eq(day("2019-12-31")))
        .filter(procedure_indicator::Column::Kind.eq(IndicatorKind::Satisfaction))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(corrected.len(), 1);
    assert_eq!(corrected[0].figure, Some(7.2));
    assert!(
        !corrected[0].example,
        "a value recorded is no longer an example"
    );
    assert_eq!(audits(&test, "indicator.recorded").await.len(), 3);
    assert_eq!(audits(&test, "indicator.imported").await.len(), 1);
    assert_eq!(
        indicator_import::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        0,
        "the file is not kept once imported"
    );
    assert_eq!(
        indicators::import(&test.db, &admin, id, None, now).await,
        Err(AppError::NotFound),
        "a file is imported once"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_file_with_bad_lines_is_refused_whole_with_their_numbers() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let now = Utc::now();
    let file = "demarche,indicateur,date,valeur,source\n\
        passeport-pre-demande,satisfaction,2024-03-31,\"6,8\",Observatoire T1 2024\n\
        passeport-pre-demande,satisfaction,2024-06-30,11,Observatoire T2 2024\n\
        \n\
        passeport-nulle-part,duree,2024-03-31,15,Observatoire T1 2024\n\
        passeport-pre-demande,satisfaction,2024-03-31,\"7,0\",Observatoire T1 2024 bis\n\
        passeport-pre-demande,part_en_ligne,2024-03-31,85 %,\n";
    let id = indicators::stage(&test.db, &admin, file, now)
        .await
        .unwrap();
    let before = common::snapshot(&test.db).await;
    let report = indicators::dry_run(&test.db, &admin, id, now)
        .await
        .unwrap();
    assert!(report.lines.is_empty());
    let numbers: Vec<&str> = report
        .errors
        .iter()
        .map(|e| e.split(" : ").next().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["Ligne 3", "Ligne 5", "Ligne 6", "Ligne 7"],
        "{:?}",
        report.errors
    );
    assert!(report.errors[0].contains("« 11 » ne convient pas"));
    assert!(report.errors[1].contains("« passeport-nulle-part » n'existe pas"));
    assert!(report.errors[2].contains("figurent déjà ligne 2"));
    assert!(report.errors[3].contains("Indiquez la source"));

    let message = invalid(indicators::import(&test.db, &admin, id, None, now).await);
    assert!(message.starts_with("Le fichier n'a pas été importé, rien n'a changé."));
    assert!(message.contains("Ligne 3 :") && message.contains("Ligne 7 :"));
    assert_eq!(
        common::snapshot(&test.db).await,
        before,
        "nothing half-imported"
    );

    let no_header = indicators::stage(&test.db, &admin, "demarche;date;valeur\nx;y;z\n", now)
        .await
        .unwrap();
    let report = indicators::dry_run(&test.db, &admin, no_header, now)
        .await
        .unwrap();
    assert_eq!(report.errors.len(), 1);
    assert!(
        report.errors[0].starts_with("Ligne 1 : la colonne « indicateur » manque"),
        "{:?}",
        report.errors
    );
    assert!(
        invalid(indicators::stage(&test.db, &admin, "  \n", now).await)
            .contains("Le fichier est vide")
    );
    assert_eq!(
        indicators::dry_run(&test.db, &admin, id, now).await,
        Err(AppError::NotFound),
        "a person's new file takes the place of the one they checked before"
    );
    assert_eq!(
        indicator_import::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        1
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_import_pages_show_the_dry_run_then_import() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = common::signed_in(&test, ADMIN).await;
    let member = common::signed_in(&test, MEMBER).await;
    let form = "/admin/indicateurs/import";
    // The file as a spreadsheet in French saves it: Windows-1252, not UTF-8.
    let (spreadsheet_csv, _, unmappable) =
        encoding_rs::WINDOWS_1252.encode(GOOD_FILE.trim_start_matches('\u{feff}'));
    assert!(!unmappable && std::str::from_utf8(&spreadsheet_csv).is_err());
    let file = [("fichier", Some("indicateurs.csv"), &spreadsheet_csv[..])];
    let staged_files = || async {
        indicator_import::Entity::find()
            .count(&test.db)
            .await
            .unwrap()
    };

    let refused =
        common::post_multipart(&app, INDICATOR_UPLOAD_PATH, Some(&member), form, &file).await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);
    assert_eq!(staged_files().await, 0);

    // Bad files go back to the form with what to do, and keep nothing.
    for (parts, message) in [
        (
            &[(
                "fichier",
                Some("indicateurs.xlsx"),
                &b"PK\x03\x04\x14\x00\x06\x00"[..],
            )][..],
            "Ce fichier est un classeur de tableur, pas un fichier CSV",
        ),
        (
            &[("fichier", Some(""), &b""[..]), ("csv", None, &b"  "[..])][..],
            "Le fichier est vide : choisissez le fichier CSV",
        ),
    ] {
        let back =
            common::post_multipart(&app, INDICATOR_UPLOAD_PATH, Some(&admin), form, parts).await;
        assert_eq!(back.status, axum::http::StatusCode::SEE_OTHER);
        let location = back.headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(
            location.starts_with("/admin/indicateurs/import?erreur="),
            "{location}"
        );
        let page = common::get(&app, &location, Some(&admin)).await.text();
        assert!(page.contains(message), "{page}");
        assert_eq!(staged_files().await, 0);
    }

    // Pasted text serves when no file is chosen.
    let pasted = common::post_multipart(
        &app,
        INDICATOR_UPLOAD_PATH,
        Some(&admin),
        form,
        &[
            ("fichier", Some(""), &b""[..]),
            ("csv", None, GOOD_FILE.as_bytes()),
        ],
    )
    .await;
    assert!(pasted.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/admin/indicateurs/import/"));

    let checked =
        common::post_multipart(&app, INDICATOR_UPLOAD_PATH, Some(&admin), form, &file).await;
    assert_eq!(staged_files().await, 1, "one file waits per person");
    let location = checked.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        location.starts_with("/admin/indicateurs/import/"),
        "{location}"
    );
    let before = common::snapshot(&test.db).await;
    let page = common::get(&app, &location, Some(&admin)).await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains("L&#x27;import ajouterait 2 valeur(s) et en remplacerait 1.")
            || text.contains("L'import ajouterait 2 valeur(s) et en remplacerait 1."),
        "{text}"
    );
    assert!(text.contains("Remplace 7,3/10"));
    assert!(
        text.contains("Observatoire T4 2019, corrigé"),
        "the file's accents read from Windows-1252"
    );
    assert_eq!(
        common::snapshot(&test.db).await,
        before,
        "the dry run changed nothing"
    );

    let id = location.rsplit('/').next().unwrap();
    let applied = common::post_form(
        &app,
        ApplyIndicatorImport::PATH,
        Some(&admin),
        &location,
        &format!("id={id}"),
    )
    .await;
    assert_eq!(
        applied.headers[header::LOCATION],
        "/admin/indicateurs?importe=3#valeurs"
    );
    assert_eq!(values(&test, "passeport-pre-demande").await.len(), 2);
    test.drop_db().await;
}

#[tokio::test]
async fn a_procedures_page_shows_its_values_in_date_order_with_its_deliveries() {
    let test = common::with_demo().await;
    let page = procedures::page(&test.db, Audience::Public, "cni-pre-demande")
        .await
        .unwrap();
    let quality = page.quality;
    let kinds: Vec<IndicatorKind> = quality.series.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            IndicatorKind::Satisfaction,
            IndicatorKind::Accessibility,
            IndicatorKind::FranceConnect,
            IndicatorKind::Duration,
            IndicatorKind::OnlineShare,
        ]
    );
    let satisfaction = &quality.series[0];
    let dates: Vec<NaiveDate> = satisfaction.values.iter().map(|v| v.measured_on).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(dates.len(), 6);
    assert!(satisfaction.values.iter().all(|v| v.example));
    assert_eq!(
        satisfaction.summary,
        "De 5,8/10 en décembre 2018 à 7,6/10 en juin 2020 ; 2 propositions réalisées sur cette période."
    );
    assert_eq!(
        quality.series[2]
            .values
            .iter()
            .map(|v| v.figure)
            .collect::<Vec<_>>(),
        [None, None],
        "« oui »/« non » is not drawn"
    );
    let deliveries: Vec<(&str, NaiveDate)> = quality
        .deliveries
        .iter()
        .map(|d| (d.reference.as_str(), d.delivered_on))
        .collect();
    assert_eq!(
        deliveries,
        [
            ("DA-2019-0002", day("2019-06-20")),
            ("DA-2018-0001", day("2019-10-15")),
        ]
    );

    // A value recorded later than the others comes last, whatever the order
    // it was recorded in, and the summary follows.
    let admin = common::demo_person(&test, ADMIN).await;
    indicators::record(
        &test.db,
        &admin,
        &typed("cni-pre-demande", "satisfaction", "2018-06-30", "5,5"),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    let page = procedures::page(&test.db, Audience::SignedIn, "cni-pre-demande")
        .await
        .unwrap();
    let satisfaction = &page.quality.series[0];
    assert_eq!(satisfaction.values[0].measured_on, day("2018-06-30"));
    assert!(!satisfaction.values[0].example);
    assert!(satisfaction.summary.starts_with("De 5,5/10 en juin 2018"));

    // The page: a chart per drawn indicator, a dot per value, a mark per
    // delivery within its span, and the tables with the example flag.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let html = common::get(&app, "/demarches/cni-pre-demande", None)
        .await
        .text();
    assert_eq!(html.matches(r#"<svg role="img""#).count(), 4, "{html}");
    assert_eq!(html.matches("ecoute-chart__point").count(), 7 + 3 + 3 + 3);
    assert_eq!(html.matches("ecoute-chart__delivery").count(), 2 * 4);
    assert!(html.contains("Exemple, non officiel"));
    assert!(html.contains("ne sont pas des chiffres officiels"));
    assert!(html.contains("De 5,5/10 en juin 2018 à 7,6/10 en juin 2020"));
    assert!(html.contains(r#"<time datetime="2019-10-15">15 octobre 2019</time>"#));

    let none = common::get(&app, "/demarches/permis-international", None)
        .await
        .text();
    assert!(
        none.contains("Aucun indicateur n&#x27;a encore été relevé")
            || none.contains("Aucun indicateur n'a encore été relevé")
    );
    assert!(!none.contains("<svg role=\"img\""));
    test.drop_db().await;
}

#[tokio::test]
async fn the_demos_example_values_go_with_the_demo() {
    let test = common::with_demo().await;
    let examples = procedure_indicator::Entity::find()
        .filter(procedure_indicator::Column::Example.eq(true))
        .count(&test.db)
        .await
        .unwrap();
    assert!(examples >= 10);
    assert!(procedure_indicator::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .iter()
        .all(|v| v.source.contains("non officielles")));

    app::services::seed::removal::remove(&test.db, None, None)
        .await
        .unwrap();
    assert_eq!(
        procedure_indicator::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        0
    );
    test.drop_db().await;
}
