//! Everyday corrections of memberships: an ended membership renewed (the
//! period that ended kept in the history), its dates corrected (impossible
//! dates refused in French, seats that ended with it following its end),
//! and a seat taken again the day a former one began refused in French
//! rather than as an outage. Audited, for the secretariat only.

use crate::common::{self, audits, invalid};

use app::api::members::{CorrectMembershipDates, RenewMembership};
use app::entities::{organisation_period, working_group_member};
use app::model::AppError;
use app::services::body::membership;
use app::services::views::organisation_page;
use chrono::NaiveDate;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const ADMIN: &str = "helene.marchand@interieur.example";
const LEAD_2: &str = "julien.garnier@ants.example";

async fn seats(test: &common::TestDb, organisation_id: i32) -> Vec<working_group_member::Model> {
    working_group_member::Entity::find()
        .filter(working_group_member::Column::OrganisationId.eq(organisation_id))
        .all(&test.db)
        .await
        .unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn an_ended_membership_is_renewed_and_its_former_period_kept() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let lead = common::demo_person(&test, LEAD_2).await;

    assert_eq!(
        membership::renew_membership(&test.db, &lead, "clcv", "2021-03-01", None).await,
        Err(AppError::Forbidden)
    );
    let early =
        invalid(membership::renew_membership(&test.db, &admin, "clcv", "2019-12-15", None).await);
    assert_eq!(
        early,
        "La nouvelle adhésion ne peut pas commencer avant la fin de la précédente, le 31 décembre 2019."
    );
    let ongoing =
        invalid(membership::renew_membership(&test.db, &admin, "unaf", "2021-03-01", None).await);
    assert!(ongoing.contains("en cours"), "{ongoing}");

    membership::renew_membership(&test.db, &admin, "clcv", "2021-03-01", None)
        .await
        .unwrap();
    let clcv = common::organisation(&test, "clcv").await;
    assert_eq!((clcv.joined_on, clcv.left_on), (day("2021-03-01"), None));
    let periods = organisation_period::Entity::find()
        .filter(organisation_period::Column::OrganisationId.eq(clcv.id))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(periods.len(), 1);
    assert_eq!(
        (periods[0].joined_on, periods[0].left_on),
        (day("2017-11-20"), day("2019-12-31"))
    );
    let audited = audits(&test, "organisation.membership_renewed").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_user_id, Some(admin.id));

    let page = organisation_page::detail(&test.db, None, "clcv")
        .await
        .unwrap();
    assert_eq!(page.left_on, None);
    assert_eq!(
        page.past_periods,
        vec![(
            "20 novembre 2017".to_string(),
            "31 décembre 2019".to_string()
        )]
    );
    assert!(
        seats(&test, clcv.id)
            .await
            .iter()
            .all(|s| s.left_on.is_some()),
        "seats are not renewed with it"
    );

    // A correction cannot move the new period into the old one.
    let overlapping = invalid(
        membership::correct_membership_dates(&test.db, &admin, "clcv", "2019-06-01", "", None)
            .await,
    );
    assert!(
        overlapping.contains("avant la fin de la précédente"),
        "{overlapping}"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn membership_dates_are_corrected_and_impossible_dates_refused_in_french() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let clcv = common::organisation(&test, "clcv").await;
    let correct = |joined: &'static str, left: &'static str| {
        membership::correct_membership_dates(&test.db, &admin, "clcv", joined, left, None)
    };

    assert_eq!(
        membership::correct_membership_dates(
            &test.db,
            &lead,
            "clcv",
            "2017-11-20",
            "2020-06-30",
            None
        )
        .await,
        Err(AppError::Forbidden)
    );
    for (joined, left, expected) in [
        ("2017-11-20", "2017-11-01", "La fin de l'adhésion ne peut pas précéder son début."),
        ("2019-02-30", "2020-06-30", "Indiquez la date d'adhésion (format attendu : JJ/MM/AAAA)."),
        ("2017-11-20", "", "Indiquez la date de fin de l'adhésion ; pour qu'elle reprenne, utilisez « Renouveler l'adhésion »."),
        ("2017-11-20", "2019-12-31", "Rien n'a changé : modifiez l'une des dates."),
    ] {
        assert_eq!(invalid(correct(joined, left).await), expected, "{joined} {left}");
    }
    let after_seat = invalid(correct("2018-01-01", "2019-12-31").await);
    assert_eq!(
        after_seat,
        "L'organisation siège dans un groupe de travail depuis le 20 novembre 2017 : son adhésion ne peut pas commencer après."
    );
    assert_eq!(
        common::organisation(&test, "clcv").await,
        clcv,
        "nothing was written"
    );

    correct("2017-11-20", "2020-06-30").await.unwrap();
    let corrected = common::organisation(&test, "clcv").await;
    assert_eq!(corrected.left_on, Some(day("2020-06-30")));
    let seat = seats(&test, clcv.id).await;
    assert_eq!(
        seat[0].left_on,
        Some(day("2020-06-30")),
        "the seat ended with it follows"
    );
    let audited = audits(&test, "organisation.membership_dates").await;
    assert_eq!(audited.len(), 1);
    assert!(
        audited[0].detail.contains("30 juin 2020"),
        "{}",
        audited[0].detail
    );

    // An ongoing membership is ended with its own form, not corrected.
    let ongoing = invalid(
        membership::correct_membership_dates(
            &test.db,
            &admin,
            "unaf",
            "2017-11-20",
            "2030-01-01",
            None,
        )
        .await,
    );
    assert!(ongoing.contains("Mettre fin à l'adhésion"), "{ongoing}");

    // Through the page's form, without JavaScript: a refusal is told on the page.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = common::signed_in(&test, ADMIN).await;
    let refused = common::post_form(
        &app,
        CorrectMembershipDates::PATH,
        Some(&cookie),
        "/membres/clcv",
        "slug=clcv&joined_on=2017-11-20&left_on=2016-01-01",
    )
    .await;
    let location = refused.headers["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&format!("{}/membres/clcv", common::PUBLIC_URL)),
        "{location}"
    );
    let shown = common::get(
        &app,
        location.trim_start_matches(common::PUBLIC_URL),
        Some(&cookie),
    )
    .await;
    assert!(
        shown
            .text()
            .contains("La fin de l&#x27;adhésion ne peut pas précéder son début.")
            || shown
                .text()
                .contains("La fin de l'adhésion ne peut pas précéder son début."),
        "{}",
        shown.text()
    );
    let renewed = common::post_form(
        &app,
        RenewMembership::PATH,
        Some(&cookie),
        "/membres/clcv",
        "slug=clcv&joined_on=2022-01-10",
    )
    .await;
    assert!(renewed.status.is_redirection());
    assert_eq!(common::organisation(&test, "clcv").await.left_on, None);
    test.drop_db().await;
}

#[tokio::test]
async fn a_seat_taken_again_on_the_day_a_former_one_began_is_refused_in_french() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let group_2 = common::group(&test, 2).await;
    membership::end_seat(&test.db, &admin, &group_2.slug, "unaf", "2024-01-01", None)
        .await
        .unwrap();
    let refused = invalid(
        membership::add_seat(&test.db, &admin, &group_2.slug, "unaf", "2017-11-20", None).await,
    );
    assert_eq!(
        refused,
        "Union nationale des associations familiales a déjà siégé dans ce groupe à partir du 20 novembre 2017 : choisissez une autre date d'entrée."
    );
    membership::add_seat(&test.db, &admin, &group_2.slug, "unaf", "2024-02-01", None)
        .await
        .unwrap();
    test.drop_db().await;
}
