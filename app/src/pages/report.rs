//! The annual report (« bilan »), for a year or between two plenary
//! sessions, ready to print; what changed between two snapshots of the
//! backlog; attendance by organisation over a year. Public pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::id_param;
use crate::api::report::{
    load_attendance, load_report_index, load_session_report, load_snapshot_changes,
    load_year_report,
};
use crate::components::bar_chart::FigureView;
use crate::components::easy_read::AnnualReportEasyRead;
use crate::components::feedback::loaded;
use crate::components::table::ScrollTable;
use crate::model::{
    AttendanceReport, AttendanceRow, Delivered, KeyFigure, Report, ReportIndex, ReportPeriod,
    SnapshotChanges,
};

/// The `:year` of the page's address (0 when it is not a number).
fn year_param() -> Memo<i32> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("year")
            .and_then(|y| y.parse().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn ReportIndexPage() -> impl IntoView {
    let index = Resource::new(|| (), |_| load_report_index());
    view! {
        <Title text="Bilans" />
        <h1>"Bilans de l'instance d'écoute"</h1>
        <p>
            "Chaque bilan donne les propositions déposées, décidées et réalisées, les délais de réalisation, "
            "les actions de suivi, les réunions tenues et la présence des organisations, avec les comptes rendus "
            "des séances plénières. Chaque tableau se télécharge en CSV."
        </p>
        {loaded(index, |i: ReportIndex| view! { <IndexView i /> })}
    }
}

#[component]
fn IndexView(i: ReportIndex) -> impl IntoView {
    view! {
        <h2>"Bilans annuels"</h2>
        <ul>
            {i.years.iter().map(|y| view! {
                <li>
                    <a href=format!("/bilan/{y}")>{format!("Bilan {y}")}</a>
                    " — "<a href=format!("/bilan/{y}/presences")>{format!("présence aux réunions en {y}")}</a>
                </li>
            }).collect_view()}
        </ul>
        <h2>"Bilans entre deux séances plénières"</h2>
        {if i.sessions.is_empty() {
            view! { <p>"Aucune séance plénière n'est encore programmée."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {i.sessions.into_iter().map(|(id, session)| view! {
                        <li><a href=format!("/reunions/{id}/bilan")>{format!("Bilan présenté à la {session}")}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>"Instantanés du suivi"</h2>
        <p>
            "À chaque séance plénière programmée, Écoute enregistre l'état de toutes les propositions "
            "(statut, groupe, avancement). Comparez deux instantanés, ou un instantané et aujourd'hui."
        </p>
        {if i.snapshots.is_empty() {
            view! { <p>"Aucun instantané n'a encore été enregistré."</p> }.into_any()
        } else {
            view! {
                <ul>
                    {i.snapshots.into_iter().map(|s| view! {
                        <li>
                            <a href=format!("/bilan/evolution?de={}", s.id)>
                                {format!("Depuis l'instantané de la {} ({}, {} propositions)", s.session, s.taken, s.proposals)}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
pub fn YearReportPage() -> impl IntoView {
    let year = year_param();
    let report = Resource::new(move || year.get(), load_year_report);
    view! { {loaded(report, |r: Report| view! { <ReportView r /> })} }
}

#[component]
pub fn SessionReportPage() -> impl IntoView {
    let id = id_param();
    let report = Resource::new(move || id.get(), load_session_report);
    view! { {loaded(report, |r: Report| view! { <ReportView r /> })} }
}

fn key_figures(figures: Vec<KeyFigure>) -> impl IntoView {
    view! {
        <ul class="ecoute-key-figures">
            {figures.into_iter().map(|k| view! {
                <li><span class="ecoute-key-figure">{k.value}</span>" "<span>{k.label}</span></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn ReportView(r: Report) -> impl IntoView {
    let title = format!("Bilan de {}", r.heading);
    let csv_base = format!("{}/csv", r.path);
    let easy_read = match r.period {
        ReportPeriod::Year(year) => Some(view! { <AnnualReportEasyRead year /> }),
        ReportPeriod::Sessions { .. } => None,
    };
    view! {
        <Title text=title.clone() />
        <link rel="stylesheet" media="print" href=format!("{}/impression.css", r.path) />
        <div class="ecoute-report">
        <p class="fr-mb-1v ecoute-no-print">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/bilan">"Tous les bilans"</a>
        </p>
        <h1>{title}</h1>
        <p class="ecoute-no-print">
            "Ce bilan s'imprime tel quel (sans le menu ni les liens de téléchargement) : utilisez l'impression de votre navigateur."
        </p>
        <section class="ecoute-report-section" aria-labelledby="chiffres-cles">
            <h2 id="chiffres-cles">"Chiffres clés"</h2>
            {key_figures(r.key_figures)}
        </section>
        <section class="ecoute-report-section" aria-labelledby="graphiques">
            <h2 id="graphiques">"Graphiques et tableaux"</h2>
            {r.figures.into_iter().map(|figure| {
                let csv = format!("{csv_base}/{}", figure.slug);
                view! { <FigureView figure csv /> }
            }).collect_view()}
        </section>
        <section class="ecoute-report-section" aria-labelledby="realisations">
            <h2 id="realisations">"Améliorations réalisées"</h2>
            <DeliveredList delivered=r.delivered />
        </section>
        {r.minutes.into_iter().map(|m| {
            let heading_id = format!("compte-rendu-{}", m.meeting_id);
            view! {
                <section class="ecoute-report-section" aria-labelledby=heading_id.clone()>
                    <h2 id=heading_id.clone()>{format!("Compte rendu de la {}", m.session)}</h2>
                    <article class="ecoute-markdown" inner_html=m.html></article>
                </section>
            }
        }).collect_view()}
        {easy_read}
        </div>
    }
}

#[component]
fn DeliveredList(delivered: Vec<Delivered>) -> impl IntoView {
    if delivered.is_empty() {
        return view! { <p>"Aucune proposition n'a été réalisée dans cette période."</p> }
            .into_any();
    }
    view! {
        <ScrollTable label="Améliorations réalisées">
            <table>
                <caption>"Améliorations réalisées"</caption>
                <thead><tr>
                    <th scope="col">"Proposition"</th>
                    <th scope="col">"Groupe de travail"</th>
                    <th scope="col">"Réalisée le"</th>
                    <th scope="col">"Délai depuis le dépôt"</th>
                </tr></thead>
                <tbody>
                    {delivered.into_iter().map(|d| view! {
                        <tr>
                            <td><a href=format!("/propositions/{}", d.reference)>{d.reference.clone()}</a>" — "{d.title}</td>
                            <td>{d.group.unwrap_or_else(|| "—".to_string())}</td>
                            <td>{d.on}</td>
                            <td>{format!("{} jours", d.days)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
    .into_any()
}

#[component]
pub fn SnapshotChangesPage() -> impl IntoView {
    let query = use_query_map();
    let wanted = Memo::new(move |_| {
        let query = query.read();
        let number = |key: &str| query.get(key).and_then(|v| v.parse::<i32>().ok());
        (number("de").unwrap_or(0), number("a"))
    });
    let changes = Resource::new(
        move || wanted.get(),
        |(from, to)| load_snapshot_changes(from, to),
    );
    view! {
        <Title text="Évolution du suivi entre deux instantanés" />
        <p class="fr-mb-1v ecoute-no-print">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/bilan">"Tous les bilans"</a>
        </p>
        <h1>"Évolution du suivi entre deux instantanés"</h1>
        {loaded(changes, |c: SnapshotChanges| view! { <ChangesView c /> })}
    }
}

#[component]
fn ChangesView(c: SnapshotChanges) -> impl IntoView {
    let to_label = match &c.to {
        Some(to) => format!("l'instantané de la {} ({})", to.session, to.taken),
        None => "aujourd'hui".to_string(),
    };
    let from_id = c.from.id;
    let to_id = c.to.as_ref().map(|t| t.id);
    let csv_base = match to_id {
        Some(to) => format!("/bilan/evolution/{from_id}/{to}"),
        None => format!("/bilan/evolution/{from_id}/aujourdhui"),
    };
    view! {
        <p>{format!("De l'instantané de la {} ({}) à {to_label}.", c.from.session, c.from.taken)}</p>
        <form method="get" action="/bilan/evolution" class="ecoute-no-print fr-mb-4w">
            <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-select-group">
                        <label class="fr-label" for="evolution-de">"Depuis l'instantané"</label>
                        <select class="fr-select" id="evolution-de" name="de">
                            {c.snapshots.iter().map(|s| view! {
                                <option value=s.id.to_string() selected=s.id == from_id>{format!("{} ({})", s.session, s.taken)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-select-group">
                        <label class="fr-label" for="evolution-a">"Jusqu'à"</label>
                        <select class="fr-select" id="evolution-a" name="a">
                            <option value="" selected=to_id.is_none()>"Aujourd'hui"</option>
                            {c.snapshots.iter().map(|s| view! {
                                <option value=s.id.to_string() selected=to_id == Some(s.id)>{format!("{} ({})", s.session, s.taken)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-2">
                    <button type="submit" class="fr-btn">"Comparer"</button>
                </div>
            </div>
        </form>
        <section class="ecoute-report-section" aria-labelledby="changements">
            <h2 id="changements">"Ce qui a changé"</h2>
            {key_figures(c.key_figures)}
            {c.figures.into_iter().map(|figure| {
                let csv = format!("{csv_base}/{}", figure.slug);
                view! { <FigureView figure csv /> }
            }).collect_view()}
        </section>
    }
}

#[component]
pub fn AttendanceYearPage() -> impl IntoView {
    let year = year_param();
    let attendance = Resource::new(move || year.get(), load_attendance);
    view! { {loaded(attendance, |a: AttendanceReport| view! { <AttendanceView a /> })} }
}

fn attendance_table(
    caption: &'static str,
    first: &'static str,
    rows: Vec<AttendanceRow>,
) -> impl IntoView {
    view! {
        <ScrollTable label=caption class="fr-mb-4w">
            <table>
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{first}</th>
                    <th scope="col">"Invitations"</th>
                    <th scope="col">"Présents"</th>
                    <th scope="col">"Représentés"</th>
                    <th scope="col">"Absents"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.label}</th>
                            <td>{r.invited}</td>
                            <td>{r.present}</td>
                            <td>{r.represented}</td>
                            <td>{r.absent}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

#[component]
fn AttendanceView(a: AttendanceReport) -> impl IntoView {
    let year = a.year;
    view! {
        <Title text=format!("Présence aux réunions en {year}") />
        <p class="fr-mb-1v ecoute-no-print">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href=format!("/bilan/{year}")>{format!("Bilan {year}")}</a>
        </p>
        <h1>{format!("Présence aux réunions en {year}")}</h1>
        <p>
            "Les réunions tenues dans l'année : pour chaque organisation, ses personnes invitées, présentes, "
            "représentées et absentes (une présence non relevée ne compte que dans les invitations)."
        </p>
        <p class="ecoute-no-print">
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href=format!("/bilan/{year}/presences.csv") target="_self">
                "Télécharger le détail par réunion et par organisation (CSV)"
            </a>
        </p>
        {if a.by_meeting.is_empty() {
            view! { <p>{format!("Aucune réunion n'a été tenue en {year}.")}</p> }.into_any()
        } else {
            view! {
                <h2>"Par organisation"</h2>
                {attendance_table("Présence par organisation", "Organisation", a.by_organisation)}
                <h2>"Par réunion"</h2>
                {attendance_table("Présence par réunion", "Réunion", a.by_meeting)}
            }.into_any()
        }}
        <nav class="ecoute-no-print" aria-label="Autres années">
            <ul class="fr-tags-group">
                {a.years.into_iter().filter(|y| *y != year).map(|y| view! {
                    <li><a class="fr-tag" href=format!("/bilan/{y}/presences")>{y.to_string()}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
}
