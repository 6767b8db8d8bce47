//! The annual report, the plenary snapshots and attendance by organisation:
//! every figure is checked against a count made here from the raw rows, and
//! the pages and CSV files against what the services give.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::common;
use crate::meetings::plenary_form;

use app::entities::{
    meeting, meeting_guest, meeting_invitation, organisation, plenary_snapshot,
    plenary_snapshot_row, procedure, proposal, proposal_event, proposal_procedure, user,
    working_group,
};
use app::model::{
    Attendance, Figure, MeetingFormData, MeetingKind, MeetingStatus, ProposalEventKind,
    ProposalStatus, Report,
};
use app::services::backlog::{submissions, triage};
use app::services::body::{groups, meetings};
use app::services::format;
use app::services::report::{annual, attendance, changes, figures::Span};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const ADMIN: &str = "helene.marchand@interieur.example";
const MEMBER: &str = "marie.lefevre@familles-de-france.example";

/// A figure as label → values.
fn table(figure: &Figure) -> BTreeMap<String, Vec<i64>> {
    figure
        .rows
        .iter()
        .map(|r| (r.label.clone(), r.values.clone()))
        .collect()
}

fn figure<'a>(report: &'a Report, slug: &str) -> &'a Figure {
    report
        .figures
        .iter()
        .find(|f| f.slug == slug)
        .unwrap_or_else(|| panic!("figure {slug}"))
}

fn key(report: &Report, label: &str) -> String {
    report
        .key_figures
        .iter()
        .find(|k| k.label == label)
        .unwrap_or_else(|| panic!("key figure {label}"))
        .value
        .clone()
}

const DECIDED: [ProposalStatus; 4] = [
    ProposalStatus::Retenue,
    ProposalStatus::EnCours,
    ProposalStatus::Realisee,
    ProposalStatus::NonRetenue,
];

/// Counts, from every row of the database, what a report of `span` must
/// show: submitted, decided and delivered proposals by month, by group and
/// by family.
struct Expected {
    by_month: BTreeMap<String, Vec<i64>>,
    by_group: BTreeMap<String, Vec<i64>>,
    by_family: BTreeMap<String, Vec<i64>>,
    totals: [usize; 5],
    delivered: Vec<String>,
}

async fn expected(test: &common::TestDb, span: Span) -> Expected {
    let proposals = proposal::Entity::find().all(&test.db).await.unwrap();
    let events = proposal_event::Entity::find()
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .all(&test.db)
        .await
        .unwrap();
    let group_names: HashMap<i32, String> = working_group::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .iter()
        .map(|g| (g.id, groups::label(g)))
        .collect();
    let families: HashMap<i32, String> = app::entities::procedure_family::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let family_of_procedure: HashMap<i32, i32> = procedure::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.family_id))
        .collect();
    let mut families_of: HashMap<i32, HashSet<String>> = HashMap::new();
    for link in proposal_procedure::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
    {
        families_of
            .entry(link.proposal_id)
            .or_default()
            .insert(families[&family_of_procedure[&link.procedure_id]].clone());
    }
    let month = |at: DateTime<Utc>| {
        let local = at.with_timezone(&Paris);
        format::month_of_year(local.year(), local.month())
    };
    let mut decided: HashMap<i32, DateTime<Utc>> = HashMap::new();
    let mut delivered: HashMap<i32, DateTime<Utc>> = HashMap::new();
    let (mut merged, mut withdrawn) = (HashSet::new(), HashSet::new());
    for e in events.iter().filter(|e| {
        !e.internal
            && matches!(
                e.kind,
                ProposalEventKind::StatusChanged | ProposalEventKind::Merged
            )
            && span.holds(e.created_at)
    }) {
        match e.to_status {
            Some(s) if DECIDED.contains(&s) => {
                decided.entry(e.proposal_id).or_insert(e.created_at);
                if s == ProposalStatus::Realisee {
                    delivered.insert(e.proposal_id, e.created_at);
                }
            }
            Some(ProposalStatus::Fusionnee) => {
                merged.insert(e.proposal_id);
            }
            Some(ProposalStatus::Retiree) => {
                withdrawn.insert(e.proposal_id);
            }
            _ => {}
        }
    }
    let mut by_month: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut by_group: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut by_family: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut count = |p: &proposal::Model, at: DateTime<Utc>, series: usize| {
        by_month.entry(month(at)).or_insert_with(|| vec![0; 3])[series] += 1;
        let group = p
            .working_group_id
            .map_or("Sans groupe de travail".to_string(), |g| {
                group_names[&g].clone()
            });
        by_group.entry(group).or_insert_with(|| vec![0; 3])[series] += 1;
        for family in families_of.get(&p.id).into_iter().flatten() {
            by_family
                .entry(family.clone())
                .or_insert_with(|| vec![0; 3])[series] += 1;
        }
    };
    let mut submitted = 0;
    for p in &proposals {
        if span.holds(p.created_at) {
            submitted += 1;
            count(p, p.created_at, 0);
        }
        if let Some(at) = decided.get(&p.id) {
            count(p, *at, 1);
        }
        if let Some(at) = delivered.get(&p.id) {
            count(p, *at, 2);
        }
    }
    let mut delivered_list: Vec<(DateTime<Utc>, String)> = proposals
        .iter()
        .filter(|p| p.status.is_public())
        .filter_map(|p| delivered.get(&p.id).map(|at| (*at, p.reference.clone())))
        .collect();
    delivered_list.sort();
    Expected {
        by_month,
        by_group,
        by_family,
        totals: [
            submitted,
            decided.len(),
            delivered.len(),
            merged.len(),
            withdrawn.len(),
        ],
        delivered: delivered_list.into_iter().map(|(_, r)| r).collect(),
    }
}

/// The rows of `figure` that have anything, as label → values.
fn nonzero(figure: &Figure) -> BTreeMap<String, Vec<i64>> {
    table(figure)
        .into_iter()
        .filter(|(_, v)| v.iter().any(|n| *n > 0))
        .collect()
}

fn check_report(report: &Report, expected: &Expected) {
    assert_eq!(
        nonzero(figure(report, "mois")),
        expected.by_month,
        "by month"
    );
    assert_eq!(
        nonzero(figure(report, "groupes")),
        expected.by_group,
        "by group"
    );
    assert_eq!(
        nonzero(figure(report, "familles")),
        expected.by_family,
        "by family"
    );
    for (label, n) in [
        "Propositions déposées",
        "Propositions décidées",
        "Propositions réalisées",
        "Propositions fusionnées",
        "Propositions retirées",
    ]
    .into_iter()
    .zip(expected.totals)
    {
        assert_eq!(key(report, label), format::thousands(n as u64), "{label}");
    }
    let delivered: Vec<String> = report
        .delivered
        .iter()
        .map(|d| d.reference.clone())
        .collect();
    assert_eq!(delivered, expected.delivered);
    let delays: i64 = figure(report, "delais")
        .rows
        .iter()
        .map(|r| r.values[0])
        .sum();
    assert_eq!(delays as usize, report.delivered.len());
}

#[tokio::test]
async fn the_report_of_each_year_and_session_matches_the_raw_rows() {
    let test = common::with_demo().await;
    let mut seen = [0usize; 3];
    for year in 2017..=2019 {
        let report = annual::of_year(&test.db, year).await.unwrap();
        let expected = expected(&test, Span::year(year).unwrap()).await;
        check_report(&report, &expected);
        assert_eq!(
            figure(&report, "mois").rows.len(),
            12,
            "every month of {year}"
        );
        for (total, n) in seen.iter_mut().zip(expected.totals) {
            *total += n;
        }
    }
    assert!(
        seen.iter().all(|n| *n > 0),
        "the demo submits, decides and delivers: {seen:?}"
    );

    // Between the 2nd and the 3rd plenary sessions.
    let sessions = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .order_by_asc(meeting::Column::StartsAt)
        .all(&test.db)
        .await
        .unwrap();
    let (second, third) = (&sessions[1], &sessions[2]);
    let report = annual::of_session(&test.db, third.id).await.unwrap();
    let expected = expected(
        &test,
        Span {
            from: second.starts_at,
            to: third.starts_at,
        },
    )
    .await;
    check_report(&report, &expected);
    assert!(
        report.heading.contains("du 26 juin 2018 au 2 juillet 2019"),
        "{}",
        report.heading
    );
    // The 3rd session's minutes are published: the report of 2019 quotes them.
    let year = annual::of_year(&test.db, 2019).await.unwrap();
    assert_eq!(year.minutes.len(), 1);
    assert!(
        year.minutes[0].session.contains("3e"),
        "{:?}",
        year.minutes[0].session
    );

    // A year with nothing of the body, or a group meeting, has no report.
    assert_eq!(
        annual::of_year(&test.db, 1990).await,
        Err(app::model::AppError::NotFound)
    );
    let group_meeting = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::WorkingGroup))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        annual::of_session(&test.db, group_meeting.id).await,
        Err(app::model::AppError::NotFound)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn attendance_counts_every_invitation_by_organisation() {
    let test = common::with_demo().await;
    let held: Vec<meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Status.eq(MeetingStatus::Held))
        .all(&test.db)
        .await
        .unwrap();
    let year = held
        .iter()
        .map(|m| m.starts_at.with_timezone(&Paris).year())
        .max()
        .unwrap();
    let span = Span::year(year).unwrap();
    let in_year: HashSet<i32> = held
        .iter()
        .filter(|m| span.holds(m.starts_at))
        .map(|m| m.id)
        .collect();
    let people: HashMap<i32, Option<i32>> = user::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.organisation_id))
        .collect();
    let names: HashMap<i32, String> = organisation::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut expected: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    let mut pairs = HashSet::new();
    let mut add = |meeting: i32, label: String, attendance: Option<Attendance>| {
        pairs.insert((meeting, label.clone()));
        let row = expected.entry(label).or_default();
        row[0] += 1;
        match attendance {
            Some(Attendance::Present) => row[1] += 1,
            Some(Attendance::Represented) => row[2] += 1,
            Some(Attendance::Absent) => row[3] += 1,
            None => {}
        }
    };
    for i in meeting_invitation::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
    {
        if in_year.contains(&i.meeting_id) {
            let label =
                people[&i.user_id].map_or("Sans organisation".to_string(), |o| names[&o].clone());
            add(i.meeting_id, label, i.attendance);
        }
    }
    for g in meeting_guest::Entity::find().all(&test.db).await.unwrap() {
        if in_year.contains(&g.meeting_id) {
            add(
                g.meeting_id,
                "Invités sans compte".to_string(),
                g.attendance,
            );
        }
    }
    assert!(
        !expected.is_empty(),
        "the demo's meetings of {year} had invitees"
    );
    assert!(
        expected.values().any(|r| r[1] > 0),
        "someone came in {year}: {expected:?}"
    );

    let report = attendance::of_year(&test.db, year).await.unwrap();
    let found: BTreeMap<String, [i64; 4]> = report
        .by_organisation
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                [r.invited, r.present, r.represented, r.absent],
            )
        })
        .collect();
    assert_eq!(found, expected);
    assert_eq!(report.by_meeting.len(), in_year.len());
    let invited: i64 = report.by_meeting.iter().map(|r| r.invited).sum();
    assert_eq!(invited, expected.values().map(|r| r[0]).sum::<i64>());

    // The annual report's attendance figure is the same table.
    let annual = annual::of_year(&test.db, year).await.unwrap();
    let presence: BTreeMap<String, [i64; 4]> = figure(&annual, "presences")
        .rows
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                [r.values[0], r.values[1], r.values[2], r.values[3]],
            )
        })
        .collect();
    assert_eq!(presence, expected);

    // The CSV: a header, then one line per meeting and organisation.
    let csv = common::text(&attendance::csv(&test.db, year).await.unwrap());
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0].trim_start_matches('\u{feff}'),
        "Réunion;Organisation;Invitations;Présents;Représentés;Absents"
    );
    assert_eq!(lines.len() - 1, pairs.len(), "{csv}");
    test.drop_db().await;
}

async fn snapshot_rows(test: &common::TestDb, snapshot: i32) -> Vec<plenary_snapshot_row::Model> {
    plenary_snapshot_row::Entity::find()
        .filter(plenary_snapshot_row::Column::SnapshotId.eq(snapshot))
        .all(&test.db)
        .await
        .unwrap()
}

async fn snapshot_of(test: &common::TestDb, meeting_id: i32) -> plenary_snapshot::Model {
    plenary_snapshot::Entity::find()
        .filter(plenary_snapshot::Column::MeetingId.eq(meeting_id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a snapshot of the session")
}

#[tokio::test]
async fn scheduling_a_plenary_session_keeps_the_backlog_as_it_stood() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let member = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();
    // The demo's coming session was scheduled as the demo was loaded.
    let before = plenary_snapshot::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(before, 1);

    let first = meetings::save(
        &test.db,
        &admin,
        plenary_form(),
        common::PUBLIC_URL,
        None,
        now,
    )
    .await
    .unwrap();
    let snapshot = snapshot_of(&test, first).await;
    let proposals = proposal::Entity::find().all(&test.db).await.unwrap();
    let rows: HashMap<i32, plenary_snapshot_row::Model> = snapshot_rows(&test, snapshot.id)
        .await
        .into_iter()
        .map(|r| (r.proposal_id, r))
        .collect();
    assert_eq!(rows.len(), proposals.len());
    for p in &proposals {
        let row = &rows[&p.id];
        assert_eq!(
            (row.status, row.working_group_id, row.progress),
            (p.status, p.working_group_id, p.progress),
            "{}",
            p.reference
        );
    }

    // A group meeting records none.
    let group_meeting = meetings::save(
        &test.db,
        &admin,
        MeetingFormData {
            plenary: false,
            ordinal: None,
            group_slug: Some(common::group_slug(&test, "1").await),
            title: "Groupe 1 — point d'étape".into(),
            ..plenary_form()
        },
        common::PUBLIC_URL,
        None,
        now,
    )
    .await
    .unwrap();
    assert!(plenary_snapshot::Entity::find()
        .filter(plenary_snapshot::Column::MeetingId.eq(group_meeting))
        .one(&test.db)
        .await
        .unwrap()
        .is_none());

    // Then a proposal is decided and another submitted.
    let examined = proposals
        .iter()
        .find(|p| p.status == ProposalStatus::EnInstruction)
        .expect("a demo proposal en instruction");
    triage::change_status(
        &test.db,
        &common::context(&admin),
        &examined.reference,
        triage::StatusChange {
            version: examined.version,
            status: ProposalStatus::Retenue.code().into(),
            reason: "Retenue pour la prochaine version.".into(),
            kept: String::new(),
        },
    )
    .await
    .unwrap();
    submissions::submit(
        &test.db,
        &member,
        submissions::Submission {
            title: "Afficher le délai de traitement estimé".into(),
            body: "Les usagers ne savent pas quand leur titre sera prêt.".into(),
            procedures: vec!["cni-pre-demande".into()],
            origin: "association".into(),
            campaign: String::new(),
            group: String::new(),
            organisation: String::new(),
        },
        common::PUBLIC_URL,
        None,
        now,
    )
    .await
    .unwrap();

    // The snapshot did not move.
    let kept = snapshot_rows(&test, snapshot.id).await;
    assert_eq!(kept.len(), proposals.len());
    assert!(kept
        .iter()
        .any(|r| r.proposal_id == examined.id && r.status == ProposalStatus::EnInstruction));

    // What changed since: one decided, one submitted, in their group and
    // organisation.
    let since = changes::between(&test.db, snapshot.id, None).await.unwrap();
    let values: Vec<String> = since.key_figures.iter().map(|k| k.value.clone()).collect();
    assert_eq!(values, ["1", "1", "0", "0", "0"]);
    let group = working_group::Entity::find_by_id(examined.working_group_id.unwrap())
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let by_group = table(&since.figures[0]);
    assert_eq!(by_group[&groups::label(&group)][1], 1, "{by_group:?}");
    assert_eq!(by_group["Sans groupe de travail"][0], 1, "{by_group:?}");
    let pre_demande = procedure::Entity::find()
        .filter(procedure::Column::Slug.eq("cni-pre-demande"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let by_procedure = table(&since.figures[2]);
    assert_eq!(by_procedure[&pre_demande.name][0], 1, "{by_procedure:?}");
    let by_organisation = table(&since.figures[3]);
    assert_eq!(
        by_organisation["Familles de France"][0], 1,
        "{by_organisation:?}"
    );

    // A second session: its snapshot compared with the first tells the same.
    let second = meetings::save(
        &test.db,
        &admin,
        MeetingFormData {
            ordinal: Some(10),
            date: format!("{}-07-02", now.year() + 2),
            ..plenary_form()
        },
        common::PUBLIC_URL,
        None,
        now,
    )
    .await
    .unwrap();
    let later = snapshot_of(&test, second).await;
    assert_eq!(
        snapshot_rows(&test, later.id).await.len(),
        proposals.len() + 1
    );
    let between = changes::between(&test.db, snapshot.id, Some(later.id))
        .await
        .unwrap();
    assert_eq!(between.key_figures, since.key_figures);
    assert_eq!(between.figures, since.figures);
    assert_eq!(
        changes::between(&test.db, snapshot.id, Some(9999)).await,
        Err(app::model::AppError::NotFound)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_report_pages_and_files_are_public_and_printable() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());

    let index = common::get(&app, "/bilan", None).await;
    assert_eq!(index.status, 200);
    let index = index.text();
    for link in [
        "/bilan/2019",
        "/bilan/2019/presences",
        "/bilan/evolution?de=",
    ] {
        assert!(index.contains(link), "{link} in {index}");
    }

    let page = common::get(&app, "/bilan/2019", None).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    let report = annual::of_year(&test.db, 2019).await.unwrap();
    assert!(
        html.contains("<h1>Bilan de l&#x27;année 2019</h1>")
            || html.contains("<h1>Bilan de l'année 2019</h1>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("class=\"ecoute-bars\"").count()
    );
    assert!(
        html.matches("role=\"img\"").count() >= 6,
        "a chart per figure"
    );
    for f in &report.figures {
        assert!(
            html.contains(&format!("<caption>{}</caption>", f.title)),
            "{}",
            f.title
        );
        assert!(html.contains(&format!("/bilan/2019/csv/{}", f.slug)));
    }
    for d in &report.delivered {
        assert!(html.contains(&d.reference));
    }
    assert!(html.contains("href=\"/bilan/2019/impression.css\""));
    let print = common::get(&app, "/bilan/2019/impression.css", None).await;
    assert_eq!(print.status, 200);
    assert!(print.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert_eq!(
        print.text(),
        "@page bilan { @top-left { content: \"Bilan de l'année 2019\"; } }\n"
    );
    assert_eq!(
        common::get(&app, "/bilan/1990/impression.css", None)
            .await
            .status,
        404
    );

    let csv = common::get(&app, "/bilan/2019/csv/mois", None).await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("bilan-2019-mois.csv"));
    let text = csv.text();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0].trim_start_matches('\u{feff}'),
        "Mois;Déposées;Décidées;Réalisées"
    );
    let months = &figure(&report, "mois").rows;
    assert_eq!(lines.len(), months.len() + 1);
    assert_eq!(
        lines[1],
        format!(
            "janvier 2019;{};{};{}",
            months[0].values[0], months[0].values[1], months[0].values[2]
        )
    );

    for missing in [
        "/bilan/2019/csv/inconnu",
        "/bilan/1990/csv/mois",
        "/bilan/evolution/1/quand/groupes",
    ] {
        assert_eq!(
            common::get(&app, missing, None).await.status,
            404,
            "{missing}"
        );
    }
    let gone = common::get(&app, "/bilan/1990", None).await.text();
    assert!(
        gone.contains("n&#x27;existe pas") || gone.contains("n'existe pas"),
        "{gone}"
    );

    let third = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .filter(meeting::Column::Ordinal.eq(3))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let session = common::get(&app, &format!("/reunions/{}/bilan", third.id), None).await;
    assert_eq!(session.status, 200);
    assert!(session.text().contains("du 26 juin 2018 au 2 juillet 2019"));
    let session_csv = common::get(
        &app,
        &format!("/reunions/{}/bilan/csv/groupes", third.id),
        None,
    )
    .await;
    assert_eq!(session_csv.status, 200);

    let attendance = common::get(&app, "/bilan/2019/presences", None).await;
    assert_eq!(attendance.status, 200);
    assert!(attendance.text().contains("Présence par organisation"));
    let attendance_csv = common::get(&app, "/bilan/2019/presences.csv", None).await;
    assert_eq!(attendance_csv.status, 200);

    let snapshot = plenary_snapshot::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let changes_page =
        common::get(&app, &format!("/bilan/evolution?de={}", snapshot.id), None).await;
    assert_eq!(changes_page.status, 200);
    assert!(changes_page
        .text()
        .contains("Changements par groupe de travail"));
    let changes_csv = common::get(
        &app,
        &format!("/bilan/evolution/{}/aujourdhui/organisations", snapshot.id),
        None,
    )
    .await;
    assert_eq!(changes_csv.status, 200);
    assert!(changes_csv
        .text()
        .contains("Organisation;Déposées;Décidées;Réalisées;Fusionnées;Retirées"));
    test.drop_db().await;
}
