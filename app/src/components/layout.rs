use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::api::account::{who_am_i, SignOut};
use crate::model::{AppError, BodyIdentity, CurrentUser};

/// The sections every page links to, in the order of the main navigation.
const SECTIONS: &[(&str, &str)] = &[
    ("/instance", "Instance"),
    ("/groupes", "Groupes de travail"),
    ("/membres", "Membres"),
    ("/propositions", "Propositions"),
    ("/demarches", "Démarches"),
    ("/campagnes", "Campagnes de tests"),
    ("/bilan", "Bilans"),
];

/// The pages every public site carries, as the DSFR footer lays them out.
const LEGAL_PAGES: &[(&str, &str)] = &[
    ("/plan-du-site", "Plan du site"),
    ("/accessibilite", "Accessibilité : partiellement conforme"),
    ("/mentions-legales", "Mentions légales"),
    ("/donnees-personnelles", "Données personnelles"),
];

/// The body's identity, read once per page by `App` and given to the
/// header, the footer, the title and the pages through the context.
pub type IdentityResource = Resource<Result<BodyIdentity, AppError>>;

/// Shows `render` with the body's identity (the default one if it could not
/// be read).
pub fn with_identity<V, F>(render: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(BodyIdentity) -> V + Clone + Send + Sync + 'static,
{
    let identity = use_context::<IdentityResource>();
    view! {
        <Suspense>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    let found = match identity {
                        Some(resource) => resource.await.unwrap_or_default(),
                        None => BodyIdentity::default(),
                    };
                    render(found)
                })
            }}
        </Suspense>
    }
}

/// What wakes the islands of a page: a script, which loads the WebAssembly.
/// Only pages with an island include it; the others load neither.
#[component]
pub fn IslandScripts() -> impl IntoView {
    use_context::<LeptosOptions>()
        .map(|options| view! { <HydrationScripts options islands=true /> })
}

#[component]
pub fn SkipLinks() -> impl IntoView {
    view! {
        <div class="fr-skiplinks">
            <nav class="fr-container" aria-label="Accès rapide">
                <ul class="fr-skiplinks__list">
                    // target="_self" leaves in-page jumps to the browser, which moves the
                    // focus; the client-side router would only scroll.
                    <li><a class="fr-link" href="#contenu" target="_self">"Contenu"</a></li>
                    <li><a class="fr-link" href="#navigation" target="_self">"Menu"</a></li>
                    <li><a class="fr-link" href="#pied-de-page" target="_self">"Pied de page"</a></li>
                </ul>
            </nav>
        </div>
    }
}

/// The ministry on the bloc-marque, one line per line of its name.
#[component]
fn Logo(identity: BodyIdentity) -> impl IntoView {
    let lines = identity.ministry_lines();
    let last = lines.len().saturating_sub(1);
    view! {
        <p class="fr-logo">
            {lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| view! { {line} {(i < last).then(|| view! { <br /> })} })
                .collect_view()}
        </p>
    }
}

/// The signed-in person, if any, read once per page for the header.
type Me = Resource<Result<Option<CurrentUser>, AppError>>;

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    let me: Me = Resource::new(move || location.pathname.get(), |_| who_am_i());
    view! {
        <header class="fr-header">
            <div class="fr-header__body">
                <div class="fr-container">
                    <div class="fr-header__body-row">
                        <div class="fr-header__brand fr-enlarge-link">
                            <div class="fr-header__brand-top">
                                <div class="fr-header__logo">
                                    {with_identity(|identity| view! { <Logo identity /> })}
                                </div>
                                <div class="fr-header__navbar">
                                    // No script opens the menu: it shows while it is the page's
                                    // target (style/main.css), so a link does it, with or
                                    // without JavaScript.
                                    <a class="fr-btn--menu fr-btn" href="#menu-principal" id="bouton-menu" target="_self">
                                        "Menu"
                                    </a>
                                </div>
                            </div>
                            {with_identity(|identity| view! {
                                <div class="fr-header__service">
                                    <a href="/" title=format!("Accueil — {}", identity.name)>
                                        <p class="fr-header__service-title">{identity.name.clone()}</p>
                                    </a>
                                    {(!identity.tagline.is_empty()).then(|| view! {
                                        <p class="fr-header__service-tagline">{identity.tagline.clone()}</p>
                                    })}
                                </div>
                            })}
                        </div>
                        <div class="fr-header__tools">
                            <div class="fr-header__tools-links">
                                <AccountLinks me />
                            </div>
                        </div>
                    </div>
                </div>
            </div>
            // On small screens the tools' links are hidden: the menu repeats them.
            <div class="fr-header__menu fr-modal" id="menu-principal" tabindex="-1">
                <div class="fr-container">
                    // Leaving the target closes the menu and brings the focus back to « Menu ».
                    <a class="fr-btn--close fr-btn" href="#bouton-menu" target="_self">
                        "Fermer"<span class="fr-sr-only">" le menu"</span>
                    </a>
                    <div class="fr-header__menu-links">
                        <AccountLinks me />
                    </div>
                    <nav class="fr-nav" id="navigation" aria-label="Menu principal">
                        <ul class="fr-nav__list">
                            {SECTIONS
                                .iter()
                                .map(|(href, label)| {
                                    view! {
                                        <li class="fr-nav__item">
                                            <A href=*href attr:class="fr-nav__link">
                                                {*label}
                                            </A>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                </div>
            </div>
        </header>
    }
}

/// "Se connecter", or the signed-in person's name and "Se déconnecter".
#[component]
fn AccountLinks(me: Me) -> impl IntoView {
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match me.await.ok().flatten() {
                    Some(user) => view! { <SignedIn user /> }.into_any(),
                    None => view! {
                        <ul class="fr-btns-group">
                            <li><a class="fr-btn fr-icon-lock-line" href="/connexion">"Se connecter"</a></li>
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignedIn(user: CurrentUser) -> impl IntoView {
    let admin = user.is_admin();
    view! {
        <ul class="fr-btns-group">
            <li><a class="fr-btn fr-icon-dashboard-3-line" href="/tableau-de-bord">"Tableau de bord"</a></li>
            <li><a class="fr-btn fr-icon-account-circle-line" href="/compte" title="Mon compte">{user.name}</a></li>
            {admin.then(|| view! {
                <li><a class="fr-btn fr-icon-settings-5-line" href="/admin/mise-en-place">"Mise en place"</a></li>
                <li><a class="fr-btn fr-icon-team-line" href="/admin/comptes">"Comptes"</a></li>
                <li><a class="fr-btn fr-icon-file-text-line" href="/admin/journal">"Journal"</a></li>
            })}
            <li>
                <form method="post" action=SignOut::PATH>
                    <button class="fr-btn fr-icon-logout-box-r-line" type="submit">"Se déconnecter"</button>
                </form>
            </li>
        </ul>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="fr-footer" id="pied-de-page">
            <div class="fr-container">
                <div class="fr-footer__body">
                    {with_identity(|identity| view! {
                        <div class="fr-footer__brand fr-enlarge-link">
                            <a href="/" title=format!("Retour à l'accueil — {}", identity.name)>
                                <Logo identity=identity.clone() />
                            </a>
                        </div>
                        <div class="fr-footer__content">
                            <p class="fr-footer__content-desc">
                                {format!("Écoute rassemble les travaux de « {} ». ", identity.name)}
                                {identity.presentation.clone()}
                            </p>
                            <ul class="fr-footer__content-list">
                                {SECTIONS
                                    .iter()
                                    .map(|(href, label)| {
                                        view! {
                                            <li class="fr-footer__content-item">
                                                <a class="fr-footer__content-link" href=*href>
                                                    {*label}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    })}
                </div>
                <div class="fr-footer__bottom">
                    <ul class="fr-footer__bottom-list">
                        {LEGAL_PAGES
                            .iter()
                            .map(|(href, label)| {
                                view! {
                                    <li class="fr-footer__bottom-item">
                                        <a class="fr-footer__bottom-link" href=*href>
                                            {*label}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <div class="fr-footer__bottom-copy">
                        <p>"Contenus publiés sous licence ouverte Etalab 2.0."</p>
                    </div>
                </div>
            </div>
        </footer>
    }
}
