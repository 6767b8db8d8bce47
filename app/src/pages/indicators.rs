//! The procedures' quality indicators, for the secretariat: record a value
//! (or replace one), delete a wrong one, and import a CSV file after its
//! dry run has shown what it will change.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::id_param;
use crate::api::indicators::{
    indicator_import_report, load_indicator_admin, ApplyIndicatorImport, DeleteIndicator,
    RecordIndicator,
};
use crate::components::feedback::loaded;
use crate::components::forms::{
    FormError, Returned, SelectField, TextArea, TextField, UploadField,
};
use crate::components::table::ScrollTable;
use crate::model::{
    Choice, ImportReport, IndicatorAdmin, IndicatorKind, IndicatorRow, INDICATOR_CSV_COLUMNS,
    INDICATOR_SOURCE_MAX, INDICATOR_UPLOAD_PATH,
};

/// The notice after a form succeeded, from the page's address.
fn done_notice() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let message = if query.get("enregistre").is_some() {
        Some("La valeur est enregistrée.".to_string())
    } else if query.get("remplace").is_some() {
        Some("La valeur est enregistrée ; elle remplace celle relevée pour la même démarche, le même indicateur et la même date.".to_string())
    } else if query.get("supprime").is_some() {
        Some("La valeur est supprimée.".to_string())
    } else {
        query
            .get("importe")
            .map(|count| format!("Le fichier est importé : {count} valeur(s) enregistrée(s)."))
    };
    message.map(|message| {
        view! {
            <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
                <p>{message}</p>
            </div>
        }
    })
}

/// « Indicateurs des démarches » (the secretariat only).
#[component]
pub fn IndicatorsAdminPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_indicator_admin());
    view! {
        <Title text="Indicateurs de qualité des démarches" />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/admin/demarches">"Catalogue des démarches"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Indicateurs"</a></li>
            </ol>
        </nav>
        <h1>"Indicateurs de qualité des démarches"</h1>
        <p class="fr-text--lead">
            "Les indicateurs que l'État publie pour chaque démarche en ligne (observatoire « Vos démarches essentielles ») : "
            "chaque démarche les montre au fil du temps, à côté de ses propositions réalisées."
        </p>
        {done_notice()}
        <p>
            <a class="fr-btn fr-btn--secondary fr-icon-upload-line fr-btn--icon-left" href="/admin/indicateurs/import">
                "Importer un fichier CSV"
            </a>
        </p>
        {loaded(data, |data: IndicatorAdmin| view! { <IndicatorsAdmin data /> })}
    }
}

#[component]
fn IndicatorsAdmin(data: IndicatorAdmin) -> impl IntoView {
    let r = Returned::from_address();
    let procedure = r.value("procedure", String::new());
    let kinds: Vec<Choice> = IndicatorKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.code().to_string(),
            label: k.label().to_string(),
        })
        .collect();
    view! {
        <section class="fr-mb-6w" aria-labelledby="enregistrer">
            <h2 id="enregistrer">"Enregistrer une valeur"</h2>
            <p>"Une valeur déjà relevée pour la même démarche, le même indicateur et la même date est remplacée."</p>
            <form method="post" action=RecordIndicator::PATH id="indicateur">
                <FormError returned=r.clone() />
                <div class="fr-select-group">
                    <label class="fr-label" for="indicator-procedure">"Démarche"</label>
                    <select class="fr-select" id="indicator-procedure" name="procedure" required=true>
                        <option value="">"— Choisir une démarche —"</option>
                        {data.procedures.into_iter().map(|family| {
                            let current = procedure.clone();
                            view! {
                                <optgroup label=family.family>
                                    {family.procedures.into_iter().map(|p| {
                                        let selected = p.value == current;
                                        view! { <option value=p.value selected=selected>{p.label}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <SelectField id="indicator-kind" name="kind" label="Indicateur" choices=kinds
                    value=r.value("kind", String::new()) error=None none="— Choisir un indicateur —" />
                <TextField id="indicator-date" name="measured_on" label="Date de la mesure" kind="date"
                    hint="La date à laquelle la valeur a été publiée ou mesurée (format JJ/MM/AAAA)."
                    value=r.value("measured_on", String::new()) error=None required=true />
                <TextField id="indicator-value" name="value" label="Valeur"
                    hint="Selon l'indicateur : voir les formats ci-dessous."
                    value=r.value("value", String::new()) error=None required=true maxlength=60usize />
                <ValueFormats />
                <TextField id="indicator-source" name="source" label="Source"
                    hint="La publication d'où vient la valeur, par exemple : Observatoire « Vos démarches essentielles », 2e trimestre 2026."
                    value=r.value("source", String::new()) error=None required=true maxlength=INDICATOR_SOURCE_MAX />
                <button class="fr-btn" type="submit">"Enregistrer la valeur"</button>
            </form>
        </section>
        <section aria-labelledby="valeurs">
            <h2 id="valeurs">"Valeurs enregistrées"</h2>
            {if data.rows.is_empty() {
                view! { <p>"Aucune valeur n'est encore enregistrée."</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label="Valeurs enregistrées, par démarche, indicateur et date">
                        <table>
                            <caption>"Valeurs enregistrées, par démarche, indicateur et date"</caption>
                            <thead><tr>
                                <th scope="col">"Démarche"</th>
                                <th scope="col">"Indicateur"</th>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Valeur"</th>
                                <th scope="col">"Source"</th>
                                <th scope="col">"Enregistrée par"</th>
                                <th scope="col">"Correction"</th>
                            </tr></thead>
                            <tbody>{data.rows.into_iter().map(row).collect_view()}</tbody>
                        </table>
                    </ScrollTable>
                }
                .into_any()
            }}
        </section>
    }
}

/// What a value of each indicator is typed as.
#[component]
fn ValueFormats() -> impl IntoView {
    view! {
        <ul class="fr-text--sm fr-mb-3w" aria-label="Formats des valeurs">
            {IndicatorKind::ALL.iter().map(|k| view! {
                <li><strong>{k.label()}</strong>" (" <code>{k.code()}</code> ") : " {k.format_hint()}</li>
            }).collect_view()}
        </ul>
    }
}

fn row(r: IndicatorRow) -> impl IntoView {
    let what = format!(
        " la valeur du {} ({}, {})",
        r.date,
        r.kind.label(),
        r.procedure
    );
    view! {
        <tr>
            <td><a href=format!("/demarches/{}", r.procedure_slug)>{r.procedure}</a></td>
            <td>{r.kind.label()}</td>
            <td>{r.date}</td>
            <td>{r.shown}</td>
            <td>
                {r.example.then(|| view! { <span class="fr-badge fr-badge--sm fr-badge--warning">"Exemple, non officiel"</span>" " })}
                {r.source}
            </td>
            <td>{r.recorded}</td>
            <td>
                <form method="post" action=DeleteIndicator::PATH>
                    <input type="hidden" name="id" value=r.id.to_string() />
                    <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit">
                        "Supprimer"<span class="fr-sr-only">{what}</span>
                    </button>
                </form>
            </td>
        </tr>
    }
}

/// The import file's format, as the import page documents it.
#[component]
fn ImportFormat() -> impl IntoView {
    let example = "demarche;indicateur;date;valeur;source\n\
        cni-pre-demande;satisfaction;2026-03-31;7,4;Observatoire « Vos démarches essentielles », T1 2026\n\
        cni-pre-demande;accessibilite;2026-03-31;62,5 %;Observatoire « Vos démarches essentielles », T1 2026\n\
        cni-pre-demande;franceconnect;31/03/2026;oui;Observatoire « Vos démarches essentielles », T1 2026\n\
        passeport-pre-demande;duree;2026-03-31;15;Observatoire « Vos démarches essentielles », T1 2026";
    view! {
        <section class="fr-mb-6w" aria-labelledby="format">
            <h2 id="format">"Format du fichier"</h2>
            <p>
                "Un fichier CSV en UTF-8, une valeur par ligne, les cellules séparées par des points-virgules "
                "(ou des virgules) ; une cellule qui contient le séparateur se met entre guillemets. "
                "La première ligne nomme les colonnes, dans n'importe quel ordre : "
                {INDICATOR_CSV_COLUMNS.join(", ")}"."
            </p>
            <ScrollTable label="Colonnes du fichier">
                <table>
                    <caption>"Colonnes du fichier"</caption>
                    <thead><tr><th scope="col">"Colonne"</th><th scope="col">"Contenu"</th></tr></thead>
                    <tbody>
                        <tr><th scope="row"><code>"demarche"</code></th><td>"L'adresse de la démarche dans le catalogue, telle qu'elle figure après /demarches/ (cni-pre-demande)."</td></tr>
                        <tr><th scope="row"><code>"indicateur"</code></th><td>"Le code de l'indicateur : "{IndicatorKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>().join(", ")}"."</td></tr>
                        <tr><th scope="row"><code>"date"</code></th><td>"La date de la mesure, AAAA-MM-JJ (2026-03-31) ou JJ/MM/AAAA (31/03/2026), pas dans le futur."</td></tr>
                        <tr><th scope="row"><code>"valeur"</code></th><td>"La valeur, selon l'indicateur (ci-dessous)."</td></tr>
                        <tr><th scope="row"><code>"source"</code></th><td>{format!("La publication d'où vient la valeur, sur une ligne, au plus {INDICATOR_SOURCE_MAX} caractères.")}</td></tr>
                    </tbody>
                </table>
            </ScrollTable>
            <h3 class="fr-h6">"Valeurs de chaque indicateur"</h3>
            <ValueFormats />
            <h3 class="fr-h6">"Exemple"</h3>
            <pre class="fr-text--sm"><code>{example}</code></pre>
            <p>
                "Une ligne pour une démarche, un indicateur et une date déjà relevés remplace la valeur enregistrée. "
                "Si une seule ligne est refusée, rien n'est importé : l'essai à blanc donne le numéro de chaque ligne à corriger."
            </p>
        </section>
    }
}

/// « Importer des indicateurs » (the secretariat only): the format, and the
/// file to check.
#[component]
pub fn IndicatorImportPage() -> impl IntoView {
    let r = Returned::from_address();
    view! {
        <Title text="Importer des indicateurs" />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/admin/indicateurs">"Indicateurs"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Importer un fichier"</a></li>
            </ol>
        </nav>
        <h1>"Importer des indicateurs"</h1>
        <p class="fr-text--lead">
            "Choisissez un fichier CSV : un essai à blanc montre d'abord ce que l'import changera, sans rien enregistrer."
        </p>
        <ImportFormat />
        <section aria-labelledby="fichier-titre">
            <h2 id="fichier-titre">"Le fichier"</h2>
            <form method="post" action=INDICATOR_UPLOAD_PATH enctype="multipart/form-data" id="fichier">
                <FormError returned=r.clone() />
                <UploadField id="indicator-file" name="fichier" label="Fichier CSV"
                    hint="Un fichier .csv enregistré par un tableur ou un éditeur de texte, en UTF-8 ou dans l'encodage par défaut d'un tableur en français ; au plus 1 Mo."
                    accept=".csv,text/csv" error=r.error_of("fichier") />
                <TextArea id="indicator-csv" name="csv" label="Ou collez le contenu du fichier"
                    hint="Si vous n'avez pas de fichier : tout son contenu, ligne des colonnes comprise. Un fichier choisi ci-dessus passe avant ce texte."
                    value=String::new() error=None rows=8 />
                <button class="fr-btn" type="submit">"Vérifier le fichier (essai à blanc)"</button>
            </form>
        </section>
    }
}

/// The dry run of a file: what it will change, or the lines to correct.
#[component]
pub fn IndicatorImportReportPage() -> impl IntoView {
    let id = id_param();
    let report = Resource::new(move || id.get(), indicator_import_report);
    view! {
        <Title text="Essai à blanc de l'import" />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/admin/indicateurs">"Indicateurs"</a></li>
                <li><a class="fr-breadcrumb__link" href="/admin/indicateurs/import">"Importer un fichier"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">"Essai à blanc"</a></li>
            </ol>
        </nav>
        <h1>"Essai à blanc de l'import"</h1>
        {loaded(report, |report: ImportReport| view! { <Report report /> })}
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let r = Returned::from_address();
    if !report.errors.is_empty() {
        return view! {
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
                <h2 class="fr-alert__title">"Le fichier est refusé : rien ne sera importé"</h2>
                <p>"Corrigez ces lignes dans le fichier, puis vérifiez-le à nouveau."</p>
            </div>
            <ul id="erreurs">
                {report.errors.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
            </ul>
            <p><a class="fr-btn fr-btn--secondary" href="/admin/indicateurs/import">"Vérifier un fichier corrigé"</a></p>
        }
        .into_any();
    }
    let count = report.lines.len();
    let summary = format!(
        "Rien n'est encore enregistré. L'import ajouterait {} valeur(s) et en remplacerait {}.",
        report.added(),
        report.replaced()
    );
    view! {
        <FormError returned=r />
        <p id="resultat" class="fr-text--lead">{summary}</p>
        <ScrollTable label="Ce que l'import changera, ligne par ligne">
            <table>
                <caption>"Ce que l'import changera, ligne par ligne"</caption>
                <thead><tr>
                    <th scope="col">"Ligne"</th>
                    <th scope="col">"Démarche"</th>
                    <th scope="col">"Indicateur"</th>
                    <th scope="col">"Date"</th>
                    <th scope="col">"Valeur"</th>
                    <th scope="col">"Source"</th>
                    <th scope="col">"Effet"</th>
                </tr></thead>
                <tbody>
                    {report.lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row">{l.line}</th>
                            <td>{l.procedure}</td>
                            <td>{l.kind.label()}</td>
                            <td>{l.date}</td>
                            <td>{l.shown}</td>
                            <td>{l.source}</td>
                            <td>{match l.replaces {
                                Some(old) => format!("Remplace {old}"),
                                None => "Nouvelle valeur".to_string(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        <form method="post" action=ApplyIndicatorImport::PATH>
            <input type="hidden" name="id" value=report.id.to_string() />
            <ul class="fr-btns-group fr-btns-group--inline-md">
                <li><button class="fr-btn" type="submit">{format!("Importer ces {count} valeur(s)")}</button></li>
                <li><a class="fr-btn fr-btn--secondary" href="/admin/indicateurs/import">"Vérifier un autre fichier"</a></li>
            </ul>
        </form>
    }
    .into_any()
}
