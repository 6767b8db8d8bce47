//! The procedure catalogue as the secretariat keeps it: families and their
//! procedures, added, edited, put in order with buttons (no script needed)
//! and retired; the starting set offered while the catalogue is empty.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::catalogue::{
    load_catalogue, procedure_form, CreateFamily, LoadStartingCatalogue, MoveFamily, MoveProcedure,
    RenameFamily, RetireFamily, RetireProcedure, SaveProcedure,
};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::forms::{FormError, Returned, SelectField, TextArea, TextField};
use crate::components::table::ScrollTable;
use crate::model::{
    CatalogueAdmin, FamilyAdminRow, ProcedureAdminRow, ProcedureFormData, FAMILY_NAME_MAX,
    PROCEDURE_DESCRIPTION_MAX, PROCEDURE_NAME_MAX,
};

#[component]
pub fn CatalogueAdminPage() -> impl IntoView {
    let catalogue = Resource::new(|| (), |_| load_catalogue());
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let load = ServerAction::<LoadStartingCatalogue>::new();
    let move_family = ServerAction::<MoveFamily>::new();
    let retire_family = ServerAction::<RetireFamily>::new();
    let move_procedure = ServerAction::<MoveProcedure>::new();
    let retire_procedure = ServerAction::<RetireProcedure>::new();
    let error = Signal::derive(move || {
        [
            load.value().get(),
            move_family.value().get(),
            retire_family.value().get(),
            move_procedure.value().get(),
            retire_procedure.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    view! {
        <Title text="Catalogue des démarches" />
        <h1>"Catalogue des démarches"</h1>
        <p class="fr-text--lead">
            "Les démarches en ligne sur lesquelles portent les propositions, classées par famille. Une démarche retirée garde ses propositions et reste consultable, mais n'est plus proposée pour de nouvelles propositions."
        </p>
        <p>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/admin/indicateurs">
                "Les indicateurs de qualité des démarches (enregistrer, importer, corriger)"
            </a>
        </p>
        {move || saved().then(|| view! { <SuccessNotice message="Le catalogue est enregistré." /> })}
        <FormAlert error />
        {loaded(catalogue, |c: CatalogueAdmin| view! { <Catalogue c /> })}
    }
}

#[component]
fn Catalogue(c: CatalogueAdmin) -> impl IntoView {
    let r = Returned::from_address();
    let count = c.families.len();
    let has_families = count > 0;
    view! {
        <div id="catalogue">
            {(!c.starting_set.is_empty()).then(|| view! { <StartingSet families=c.starting_set.clone() /> })}
            {has_families.then(|| view! {
                <p>
                    <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/admin/demarches/nouvelle">"Ajouter une démarche"</a>
                </p>
            })}
            {c.families.into_iter().enumerate().map(|(i, family)| view! {
                <Family family first=i == 0 last=i + 1 == count returned=r.clone() />
            }).collect_view()}
            <section class="fr-mt-6w" id="nouvelle-famille" aria-labelledby="nouvelle-famille-titre">
                <h2 id="nouvelle-famille-titre">"Ajouter une famille de démarches"</h2>
                <form method="post" action=CreateFamily::PATH>
                    <FormError returned=r.of_field("family_name") />
                    <TextField id="family-name" name="name" label="Nom de la famille" hint="Par exemple : Carte nationale d'identité"
                        value=r.value("family_name", String::new()) error=r.error_of("family_name") required=true maxlength=FAMILY_NAME_MAX />
                    <button class="fr-btn fr-btn--secondary" type="submit">"Ajouter la famille"</button>
                </form>
            </section>
        </div>
    }
}

/// The starting set, offered in one click to an empty catalogue.
#[component]
fn StartingSet(families: Vec<(String, usize)>) -> impl IntoView {
    let total: usize = families.iter().map(|(_, n)| n).sum();
    view! {
        <section class="fr-callout fr-mb-4w" aria-labelledby="catalogue-depart">
            <h2 class="fr-callout__title" id="catalogue-depart">"Catalogue de départ"</h2>
            <p class="fr-callout__text">
                {format!("Le catalogue est vide. Vous pouvez charger en un clic les {total} démarches des quatre titres sécurisés du plan préfectures nouvelle génération (2017), puis les modifier :")}
            </p>
            <ul>
                {families.into_iter().map(|(name, n)| view! { <li>{format!("{name} : {n} démarche(s)")}</li> }).collect_view()}
            </ul>
            <form method="post" action=LoadStartingCatalogue::PATH>
                <button class="fr-btn" type="submit">"Charger le catalogue de départ"</button>
            </form>
        </section>
    }
}

/// A form of one button that posts `slug` and one more value.
#[component]
fn OneButton(
    action: &'static str,
    slug: String,
    name: &'static str,
    value: String,
    label: &'static str,
    context: String,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    view! {
        <form method="post" action=action class="ecoute-inline-form">
            <input type="hidden" name="slug" value=slug />
            <input type="hidden" name=name value=value />
            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" disabled=disabled>
                {label}<span class="fr-sr-only">{format!(" {context}")}</span>
            </button>
        </form>
    }
}

#[component]
fn Family(family: FamilyAdminRow, first: bool, last: bool, returned: Returned) -> impl IntoView {
    let id = format!("famille-{}", family.slug);
    let heading = format!("{id}-titre");
    let labelled_by = heading.clone();
    let name_field = format!("name-{}", family.slug);
    let context = format!("la famille « {} »", family.name);
    let count = family.procedures.len();
    view! {
        <section class="fr-mb-6w" id=id aria-labelledby=labelled_by>
            <h2 id=heading>
                {family.name.clone()}
                {family.retired.then(|| view! { " " <span class="fr-badge fr-badge--sm">"Retirée"</span> })}
            </h2>
            <div class="ecoute-actions fr-mb-2w">
                <OneButton action=MoveFamily::PATH slug=family.slug.clone() name="direction" value="haut".into() label="Monter" context=context.clone() disabled=first />
                <OneButton action=MoveFamily::PATH slug=family.slug.clone() name="direction" value="bas".into() label="Descendre" context=context.clone() disabled=last />
                <OneButton action=RetireFamily::PATH slug=family.slug.clone() name="retired" value=(!family.retired).to_string()
                    label=if family.retired { "Remettre en service" } else { "Retirer" } context=context.clone() />
                <a class="fr-btn fr-btn--sm fr-btn--tertiary" href=format!("/admin/demarches/nouvelle?famille={}", family.slug)>
                    "Ajouter une démarche"<span class="fr-sr-only">{format!(" à {context}")}</span>
                </a>
            </div>
            <details class="fr-mb-2w" open=returned.error_of(&name_field).is_some()>
                <summary>{format!("Renommer {context}")}</summary>
                <form method="post" action=RenameFamily::PATH class="fr-mt-2w">
                    <FormError returned=returned.of_field(&name_field) />
                    <input type="hidden" name="slug" value=family.slug.clone() />
                    <TextField id=name_field.clone() name="name" label="Nouveau nom"
                        value=returned.value(&name_field, family.name.clone()) error=returned.error_of(&name_field) required=true maxlength=FAMILY_NAME_MAX />
                    <button class="fr-btn fr-btn--sm" type="submit">"Renommer"</button>
                </form>
            </details>
            {if family.procedures.is_empty() {
                view! { <p>"Aucune démarche dans cette famille."</p> }.into_any()
            } else {
                let caption = format!("Démarches : {}", family.name);
                view! {
                    <ScrollTable label=caption.clone()>
                        <table>
                            <caption>{caption}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Démarche"</th>
                                    <th scope="col">"Propositions"</th>
                                    <th scope="col">"Actions"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {family.procedures.into_iter().enumerate().map(|(i, p)| view! {
                                    <ProcedureRow p first=i == 0 last=i + 1 == count />
                                }).collect_view()}
                            </tbody>
                        </table>
                    </ScrollTable>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ProcedureRow(p: ProcedureAdminRow, first: bool, last: bool) -> impl IntoView {
    let context = format!("la démarche « {} »", p.name);
    view! {
        <tr id=format!("demarche-{}", p.slug)>
            <th scope="row">
                <a href=format!("/demarches/{}", p.slug)>{p.name.clone()}</a>
                {p.retired.then(|| view! { " " <span class="fr-badge fr-badge--sm">"Retirée"</span> })}
            </th>
            <td>{p.proposals}</td>
            <td>
                <div class="ecoute-actions">
                    <a class="fr-btn fr-btn--sm fr-btn--tertiary" href=format!("/admin/demarches/{}", p.slug)>
                        "Modifier"<span class="fr-sr-only">{format!(" {context}")}</span>
                    </a>
                    <OneButton action=MoveProcedure::PATH slug=p.slug.clone() name="direction" value="haut".into() label="Monter" context=context.clone() disabled=first />
                    <OneButton action=MoveProcedure::PATH slug=p.slug.clone() name="direction" value="bas".into() label="Descendre" context=context.clone() disabled=last />
                    <OneButton action=RetireProcedure::PATH slug=p.slug.clone() name="retired" value=(!p.retired).to_string()
                        label=if p.retired { "Remettre en service" } else { "Retirer" } context=context.clone() />
                </div>
            </td>
        </tr>
    }
}

/// « Ajouter une démarche », or the form of the procedure in the address.
#[component]
pub fn ProcedureFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let form = Resource::new(
        move || (params.read().get("slug"), query.read().get("famille")),
        |(slug, family)| procedure_form(slug, family),
    );
    view! { {loaded(form, |f: ProcedureFormData| view! { <ProcedureForm f /> })} }
}

#[component]
fn ProcedureForm(f: ProcedureFormData) -> impl IntoView {
    let r = Returned::from_address();
    let heading = match &f.slug {
        Some(_) => format!("Modifier la démarche « {} »", f.name),
        None => "Ajouter une démarche".to_string(),
    };
    view! {
        <Title text=heading.clone() />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/admin/demarches">"Catalogue des démarches"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">{heading.clone()}</a></li>
            </ol>
        </nav>
        <h1>{heading}</h1>
        {if f.families.is_empty() {
            view! { <p>"Ajoutez d'abord une famille de démarches au " <a href="/admin/demarches#nouvelle-famille">"catalogue"</a> "."</p> }.into_any()
        } else {
            view! {
                <form method="post" action=SaveProcedure::PATH id="demarche">
                    <FormError returned=r.clone() />
                    {f.slug.clone().map(|slug| view! { <input type="hidden" name="slug" value=slug /> })}
                    <SelectField id="procedure-family" name="family" label="Famille" choices=f.families.clone()
                        value=r.value("family", f.family.clone()) error=r.error_of("family") none="— Choisissez une famille —" />
                    <TextField id="procedure-name" name="name" label="Nom de la démarche"
                        value=r.value("name", f.name.clone()) error=r.error_of("name") required=true maxlength=PROCEDURE_NAME_MAX />
                    <TextArea id="procedure-description" name="description" label="Description" hint="Facultatif : ce que fait la démarche, en une ou deux phrases."
                        value=r.value("description", f.description.clone()) error=r.error_of("description") rows=3 maxlength=PROCEDURE_DESCRIPTION_MAX />
                    <TextField id="procedure-url" name="url" label="Adresse de la démarche en ligne" hint="Facultatif, commençant par https://"
                        value=r.value("url", f.url.clone()) error=r.error_of("url") kind="url" maxlength=300usize />
                    <button class="fr-btn" type="submit">
                        {if f.slug.is_some() { "Enregistrer les modifications" } else { "Ajouter la démarche" }}
                    </button>
                </form>
            }.into_any()
        }}
    }
}
