//! The pages every public site carries, linked from every footer: the
//! accessibility statement, the legal notice, personal data and the site
//! map; the secretariat's form for the three texts; and « Mes données »,
//! everything Écoute holds about the person reading it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::who_am_i;
use crate::api::legal::{legal_source, load_legal_page, my_data, SaveLegalText};
use crate::components::feedback::{loaded, SuccessNotice};
use crate::components::forms::{FormError, Returned, TextArea};
use crate::components::table::ScrollTable;
use crate::model::{
    CurrentUser, ExportedRecord, LegalPage, LegalText, PersonalData, LEGAL_TEXT_MAX,
};

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! { <LegalTextPage text=LegalText::Accessibility /> }
}

#[component]
pub fn LegalNoticePage() -> impl IntoView {
    view! { <LegalTextPage text=LegalText::Notice /> }
}

#[component]
pub fn PersonalDataPage() -> impl IntoView {
    view! { <LegalTextPage text=LegalText::PersonalData /> }
}

#[component]
fn LegalTextPage(text: LegalText) -> impl IntoView {
    let page = Resource::new(|| (), move |_| load_legal_page(text.slug().to_string()));
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    view! {
        <Title text=text.title() />
        <h1>{text.title()}</h1>
        {move || saved().then(|| view! { <SuccessNotice message="Le texte est enregistré." /> })}
        {loaded(page, |page: LegalPage| view! {
            {page.editable.then(|| view! {
                <p>
                    <a class="fr-link fr-icon-edit-line fr-link--icon-left" href=format!("/admin/textes/{}", page.text.slug())>
                        "Modifier ce texte"
                    </a>
                </p>
            })}
            <div class="ecoute-markdown" inner_html=page.html></div>
            {page.audit.map(|audit| view! {
                <h2 id="audit">{format!("Résultats de l'audit automatisé du {}", audit.date)}</h2>
                <p>"Ces chiffres sont ceux de la dernière exécution enregistrée de la suite de tests de bout en bout du projet ; chaque exécution suivante est comparée à eux et échoue si elle en montre moins."</p>
                <FigureTable caption="Résultats de l'audit automatisé" head=("Vérification", "Résultat") rows=audit.rows />
            })}
            {(!page.retention.is_empty()).then(|| view! {
                <h2 id="conservation">"Durées de conservation"</h2>
                <p>"Ces durées sont celles que le serveur applique (réglages ECOUTE_RETENTION_*)."</p>
                <FigureTable caption="Durées de conservation" head=("Données", "Conservation") rows=page.retention />
            })}
        })}
    }
}

/// A two-column table of (what, value) rows, headed by `head`.
#[component]
fn FigureTable(
    caption: &'static str,
    head: (&'static str, &'static str),
    rows: Vec<(String, String)>,
) -> impl IntoView {
    view! {
        <ScrollTable label=caption>
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{head.0}</th>
                        <th scope="col">{head.1}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(what, value)| view! {
                        <tr><th scope="row">{what}</th><td>{value}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

/// The sections anyone reads, in the order of the site.
const PUBLIC_PAGES: &[(&str, &str)] = &[
    ("/", "Accueil"),
    ("/instance", "Instance"),
    ("/groupes", "Groupes de travail"),
    ("/membres", "Membres"),
    ("/propositions", "Propositions"),
    ("/demarches", "Démarches"),
    ("/campagnes", "Campagnes de tests"),
    ("/bilan", "Bilans"),
    ("/recherche", "Rechercher"),
    ("/connexion", "Se connecter"),
    ("/mot-de-passe-oublie", "Mot de passe oublié"),
    ("/accessibilite", "Déclaration d'accessibilité"),
    ("/mentions-legales", "Mentions légales"),
    ("/donnees-personnelles", "Données personnelles"),
];

/// The pages of a signed-in person.
const SIGNED_IN_PAGES: &[(&str, &str)] = &[
    ("/tableau-de-bord", "Tableau de bord"),
    ("/propositions/nouvelle", "Déposer une proposition"),
    ("/compte", "Mon compte"),
    ("/compte/sessions", "Mes sessions"),
    ("/compte/notifications", "Mes notifications"),
    ("/compte/donnees", "Mes données"),
];

/// The secretariat's pages.
const ADMIN_PAGES: &[(&str, &str)] = &[
    ("/admin/mise-en-place", "Mise en place"),
    ("/admin/identite", "Identité de l'instance"),
    ("/admin/comptes", "Comptes"),
    ("/admin/journal", "Journal des actions"),
    (
        "/admin/facile-a-lire",
        "Versions faciles à lire et à comprendre",
    ),
    ("/admin/demarches", "Catalogue des démarches"),
    (
        "/admin/textes/accessibilite",
        "Texte de la déclaration d'accessibilité",
    ),
    (
        "/admin/textes/mentions-legales",
        "Texte des mentions légales",
    ),
    (
        "/admin/textes/donnees-personnelles",
        "Texte des données personnelles",
    ),
];

fn links(pages: &'static [(&'static str, &'static str)]) -> impl IntoView {
    view! {
        <ul>
            {pages.iter().map(|(href, label)| view! { <li><a href=*href>{*label}</a></li> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn SiteMapPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text="Plan du site" />
        <h1>"Plan du site"</h1>
        <h2>"Pages publiques"</h2>
        {links(PUBLIC_PAGES)}
        {loaded(me, |me: Option<CurrentUser>| me.map(|me| view! {
            <h2>"Votre espace"</h2>
            {links(SIGNED_IN_PAGES)}
            {me.is_admin().then(|| view! {
                <h2>"Secrétariat"</h2>
                {links(ADMIN_PAGES)}
            })}
        }))}
    }
}

#[component]
pub fn LegalEditPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("texte").unwrap_or_default();
    let source = Resource::new(slug, legal_source);
    view! {
        <Title text="Modifier un texte légal" />
        {loaded(source, |(text, source): (LegalText, String)| {
            let r = Returned::from_address();
            view! {
                <h1>{format!("Modifier : {}", text.title())}</h1>
                <p class="fr-text--lead">
                    "En Markdown. Les crochets [ … ] du texte livré avec Écoute signalent ce que le ministère doit compléter. Un texte vidé revient au texte livré."
                </p>
                <form method="post" action=SaveLegalText::PATH id="texte">
                    <FormError returned=r.clone() />
                    <input type="hidden" name="text" value=text.slug() />
                    <TextArea id="legal-source" name="source" label=text.title()
                        hint="Titres (#), listes (-), liens [texte](adresse) et tableaux sont acceptés ; le HTML est affiché tel quel."
                        value=r.value("source", source) error=r.error_of("source") rows=24 maxlength=LEGAL_TEXT_MAX />
                    <button class="fr-btn" type="submit">"Enregistrer le texte"</button>
                </form>
            }
        })}
    }
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_data());
    view! {
        <Title text="Mes données" />
        <h1>"Mes données personnelles"</h1>
        <p>"Tout ce qu'Écoute conserve à votre sujet. Pour les faire rectifier ou effacer, écrivez au secrétariat (voir "<a href="/donnees-personnelles">"Données personnelles"</a>")."</p>
        <p>
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href="/compte/donnees.json" download="mes-donnees.json">
                "Télécharger mes données (JSON)"
            </a>
        </p>
        {loaded(data, |data: PersonalData| view! { <DataView data /> })}
    }
}

#[component]
fn DataView(data: PersonalData) -> impl IntoView {
    let account = data.account.clone();
    let sessions = data.sessions.clone();
    let sections: Vec<(&'static str, Vec<ExportedRecord>)> = data
        .sections()
        .into_iter()
        .map(|(title, records)| (title, records.to_vec()))
        .collect();
    let none = || "—".to_string();
    view! {
        <p class="fr-text--sm">{format!("Extraction du {}.", data.exported_at)}</p>
        <h2>"Compte"</h2>
        <dl>
            <dt>"Nom"</dt><dd>{account.name}</dd>
            <dt>"Adresse électronique"</dt><dd>{account.email}</dd>
            <dt>"Fonction"</dt><dd>{account.position.unwrap_or_else(none)}</dd>
            <dt>"Rôle"</dt><dd>{account.role}</dd>
            <dt>"Compte créé le"</dt><dd>{account.created_at}</dd>
            <dt>"Dernière connexion"</dt><dd>{account.last_login_at.unwrap_or_else(none)}</dd>
        </dl>
        <h2>"Organisation"</h2>
        {match data.organisation.clone() {
            Some(org) => view! {
                <p>{format!("{} ({})", org.name, org.kind)}</p>
                {(!org.memberships.is_empty()).then(|| view! {
                    <ul>{org.memberships.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                })}
            }.into_any(),
            None => view! { <p>"Aucune."</p> }.into_any(),
        }}
        <h2>"Sessions ouvertes"</h2>
        <ScrollTable label="Sessions">
            <table>
                <caption>"Sessions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Ouverte le"</th>
                        <th scope="col">"Dernière activité"</th>
                        <th scope="col">"Adresse IP"</th>
                        <th scope="col">"Navigateur"</th>
                    </tr>
                </thead>
                <tbody>
                    {sessions.into_iter().map(|s| view! {
                        <tr>
                            <td>{s.started}</td>
                            <td>{s.last_seen}</td>
                            <td>{s.ip.unwrap_or_else(none)}</td>
                            <td>{s.user_agent.unwrap_or_else(none)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        {sections.into_iter().map(|(title, records)| {
            view! {
                <h2>{title}</h2>
                {if records.is_empty() {
                    view! { <p>"Aucun."</p> }.into_any()
                } else {
                    view! {
                        <ScrollTable label=title>
                            <table>
                                <caption>{title}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Objet"</th>
                                        <th scope="col">"Détail"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {records.into_iter().map(|r| view! {
                                        <tr><td>{r.when}</td><td>{r.what}</td><td>{r.detail}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </ScrollTable>
                    }.into_any()
                }}
            }
        }).collect_view()}
    }
}
