use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::api::setup::load_identity;
use crate::components::layout::{with_identity, Footer, Header, IdentityResource, SkipLinks};
use crate::components::raw_text::title_text;
use crate::pages::{
    account::{InvitationPage, RequestResetPage, ResetPage, SessionsPage},
    actions::EditActionPage,
    admin::{AccountsAdminPage, JournalAdminPage},
    campaigns::{CampaignDetailPage, CampaignsPage, EditCampaignPage, NewCampaignPage},
    catalogue::{CatalogueAdminPage, ProcedureFormPage},
    dashboard::DashboardPage,
    easy_read::{EasyReadAdminPage, EasyReadFormPage},
    follow_up::FollowUpPage,
    groups::{GroupPage, GroupsPage, NewGroupPage},
    home::HomePage,
    indicators::{IndicatorImportPage, IndicatorImportReportPage, IndicatorsAdminPage},
    instance::InstancePage,
    legal::{
        AccessibilityPage, LegalEditPage, LegalNoticePage, MyDataPage, PersonalDataPage,
        SiteMapPage,
    },
    meetings::{
        AnswerLinkPage, AttendancePage, CalendarPage, EditMeetingPage, GuestAnswerPage,
        MeetingPage, NewMeetingPage,
    },
    members::{MembersPage, NewOrganisationPage, OrganisationPage},
    minutes::MinutesPageView,
    not_found::NotFound,
    notifications::NotificationsPage,
    procedures::{ProcedureDetailPage, ProceduresPage},
    profiles::{EmailChangeConfirmPage, MyAccountPage, PersonAdminPage},
    proposal::ProposalPage,
    proposals::ProposalsPage,
    report::{
        AttendanceYearPage, ReportIndexPage, SessionReportPage, SnapshotChangesPage, YearReportPage,
    },
    search::SearchPage,
    setup::{IdentityPage, SetupPage},
    sign_in::SignInPage,
    submission::{EditProposalPage, NewProposalPage},
};

/// What a page needs for its looks but not to be read, fetched once it has
/// been painted: the fonts' stylesheet (style/subset.mjs) and the icon.
/// Fetched earlier, they stood between a slow connection and the first
/// sight of the page (Lighthouse, bench/run): the text shows at once in a
/// system font. The icon's placeholder keeps the browser from asking for
/// /favicon.ico meanwhile. On the next pages of the visit, the fonts in the
/// browser's cache, they are linked at once and before the first paint
/// (`blocking="render"`): the text does not change its font under the
/// reader's eyes at every page.
const AFTER_FIRST_PAINT: &str = r#"(()=>{const d=document,k="ecoute-polices",l=d.createElement("link"),i=d.querySelector("link[rel=icon]"),P=window.PerformanceObserver;let s=null;try{s=sessionStorage}catch(e){}l.rel="stylesheet";l.href="/dsfr/fonts.css";const add=()=>{if(l.isConnected)return;d.head.append(l);if(i)i.href="/dsfr/favicon/favicon.svg"};if(s&&s.getItem(k)){l.setAttribute("blocking","render");add();return}l.onload=()=>{try{s&&s.setItem(k,"1")}catch(e){}};if(P&&P.supportedEntryTypes&&P.supportedEntryTypes.includes("paint")){new P((p,o)=>{if(p.getEntriesByName("first-contentful-paint").length){o.disconnect();add()}}).observe({type:"paint",buffered:true})}else addEventListener("load",add)})()"#;

/// The same without script: linked like any stylesheet and icon.
const WITHOUT_SCRIPT: &str = r#"<link rel="stylesheet" href="/dsfr/fonts.css"><link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">"#;

/// The HTML document around every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        set_content_security_policy();
        render_islands_only();
    }
    provide_context(options);
    view! {
        <!DOCTYPE html>
        <html lang="fr" data-fr-scheme="light">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="format-detection" content="telephone=no" />
                <link rel="stylesheet" href="/dsfr/dsfr.subset.min.css" />
                <link rel="icon" href="data:," type="image/svg+xml" />
                <script nonce=leptos::nonce::use_nonce() inner_html=AFTER_FIRST_PAINT></script>
                <noscript inner_html=WITHOUT_SCRIPT></noscript>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let identity: IdentityResource = Resource::new(|| (), |_| load_identity());
    provide_context(identity);

    view! {
        <Stylesheet id="ecoute" href="/pkg/ecoute.css" />
        {with_identity(|identity| {
            view! {
                <Title formatter=move |title: String| {
                    let full = if title.is_empty() {
                        identity.name.clone()
                    } else {
                        format!("{title} — {}", identity.name)
                    };
                    title_text(&full)
                } />
            }
        })}
        <Router>
            <SkipLinks />
            <Header />
            <main id="contenu" tabindex="-1" class="fr-container fr-py-4w">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("instance") view=InstancePage ssr=SsrMode::Async />
                    <Route path=path!("reunions/nouvelle") view=NewMeetingPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/reponse/:token") view=AnswerLinkPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/invite/:token") view=GuestAnswerPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id") view=MeetingPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id/modifier") view=EditMeetingPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id/suite-donnee") view=FollowUpPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id/bilan") view=SessionReportPage ssr=SsrMode::Async />
                    <Route path=path!("bilan") view=ReportIndexPage ssr=SsrMode::Async />
                    <Route path=path!("bilan/evolution") view=SnapshotChangesPage ssr=SsrMode::Async />
                    <Route path=path!("bilan/:year") view=YearReportPage ssr=SsrMode::Async />
                    <Route path=path!("bilan/:year/presences") view=AttendanceYearPage ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id/compte-rendu") view=MinutesPageView ssr=SsrMode::Async />
                    <Route path=path!("reunions/:id/presence") view=AttendancePage ssr=SsrMode::Async />
                    <Route path=path!("actions/:id/modifier") view=EditActionPage ssr=SsrMode::Async />
                    <Route path=path!("compte/calendrier") view=CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("tableau-de-bord") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("groupes") view=GroupsPage ssr=SsrMode::Async />
                    <Route path=path!("groupes/nouveau") view=NewGroupPage ssr=SsrMode::Async />
                    <Route path=path!("groupes/:slug") view=GroupPage ssr=SsrMode::Async />
                    <Route path=path!("membres") view=MembersPage ssr=SsrMode::Async />
                    <Route path=path!("membres/nouvelle") view=NewOrganisationPage ssr=SsrMode::Async />
                    <Route path=path!("membres/:slug") view=OrganisationPage ssr=SsrMode::Async />
                    <Route path=path!("propositions") view=ProposalsPage ssr=SsrMode::Async />
                    <Route path=path!("recherche") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("propositions/nouvelle") view=NewProposalPage ssr=SsrMode::Async />
                    <Route path=path!("propositions/:reference") view=ProposalPage ssr=SsrMode::Async />
                    <Route path=path!("propositions/:reference/modifier") view=EditProposalPage ssr=SsrMode::Async />
                    <Route path=path!("demarches") view=ProceduresPage ssr=SsrMode::Async />
                    <Route path=path!("demarches/:slug") view=ProcedureDetailPage ssr=SsrMode::Async />
                    <Route path=path!("campagnes") view=CampaignsPage ssr=SsrMode::Async />
                    <Route path=path!("campagnes/nouvelle") view=NewCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("campagnes/:slug") view=CampaignDetailPage ssr=SsrMode::Async />
                    <Route path=path!("campagnes/:slug/modifier") view=EditCampaignPage ssr=SsrMode::Async />
                    <Route path=path!("connexion") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("invitation/:token") view=InvitationPage ssr=SsrMode::Async />
                    <Route path=path!("reinitialisation/:token") view=ResetPage ssr=SsrMode::Async />
                    <Route path=path!("mot-de-passe-oublie") view=RequestResetPage ssr=SsrMode::Async />
                    <Route path=path!("compte") view=MyAccountPage ssr=SsrMode::Async />
                    <Route path=path!("compte/sessions") view=SessionsPage ssr=SsrMode::Async />
                    <Route path=path!("adresse/:token") view=EmailChangeConfirmPage ssr=SsrMode::Async />
                    <Route path=path!("compte/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("compte/donnees") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("accessibilite") view=AccessibilityPage ssr=SsrMode::Async />
                    <Route path=path!("mentions-legales") view=LegalNoticePage ssr=SsrMode::Async />
                    <Route path=path!("donnees-personnelles") view=PersonalDataPage ssr=SsrMode::Async />
                    <Route path=path!("plan-du-site") view=SiteMapPage ssr=SsrMode::Async />
                    <Route path=path!("admin/textes/:texte") view=LegalEditPage ssr=SsrMode::Async />
                    <Route path=path!("admin/comptes") view=AccountsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/comptes/:id") view=PersonAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/journal") view=JournalAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/facile-a-lire") view=EasyReadAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/facile-a-lire/:kind/:key") view=EasyReadFormPage ssr=SsrMode::Async />
                    <Route path=path!("admin/mise-en-place") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("admin/identite") view=IdentityPage ssr=SsrMode::Async />
                    <Route path=path!("admin/demarches") view=CatalogueAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/demarches/nouvelle") view=ProcedureFormPage ssr=SsrMode::Async />
                    <Route path=path!("admin/demarches/:slug") view=ProcedureFormPage ssr=SsrMode::Async />
                    <Route path=path!("admin/indicateurs") view=IndicatorsAdminPage ssr=SsrMode::Async />
                    <Route path=path!("admin/indicateurs/import") view=IndicatorImportPage ssr=SsrMode::Async />
                    <Route path=path!("admin/indicateurs/import/:id") view=IndicatorImportReportPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

/// Islands mode: the page is not hydrated as a whole, so nothing but the
/// islands' props is written into it for the browser. (The head's
/// `HydrationScripts` would say so; here only pages with an island load it,
/// through `IslandScripts`.)
#[cfg(feature = "ssr")]
fn render_islands_only() {
    if let Some(context) = leptos::reactive::owner::Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
}

/// Scripts run only from our origin or with this response's nonce (Leptos'
/// hydration script); the wasm module may be compiled; nothing may frame us.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};

    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
