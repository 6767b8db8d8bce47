//! The first-cut schema of DESIGN.md: the body, its members, meetings and
//! minutes, the proposal backlog, and the technical tables (audit, outbox,
//! sessions, one-time tokens, sign-in attempts).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tables in creation order; dropped in reverse.
const TABLES: &[&str] = &[
    "organisations",
    "users",
    "working_groups",
    "working_group_members",
    "procedures",
    "test_campaigns",
    "test_campaign_procedures",
    "meetings",
    "meeting_invitations",
    "minutes",
    "minutes_revisions",
    "proposals",
    "proposal_procedures",
    "proposal_supports",
    "actions",
    "proposal_events",
    "reference_counters",
    "audit_events",
    "outbox_emails",
    "login_sessions",
    "user_tokens",
    "login_attempts",
];

fn foreign(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

fn unique(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut stmt = index(name, table, cols);
    stmt.unique();
    stmt
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        m.create_table(
            Table::create()
                .table(Organisations::Table)
                .col(pk_auto(Organisations::Id))
                .col(string_len_uniq(Organisations::Slug, 80))
                .col(string_len(Organisations::Name, 200))
                .col(string_len_null(Organisations::ShortName, 40))
                .col(string_len(Organisations::Kind, 24))
                .col(text(Organisations::Description).default(""))
                .col(string_len_null(Organisations::Website, 300))
                .col(date(Organisations::JoinedOn))
                .col(date_null(Organisations::LeftOn))
                .col(timestamp_with_time_zone(Organisations::CreatedAt))
                .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_organisations_kind_name",
            Organisations::Table,
            &["kind", "name"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::Name, 200))
                .col(string_len_null(Users::Title, 200))
                .col(string_len(Users::Role, 16))
                .col(integer_null(Users::OrganisationId))
                .col(string_len_null(Users::PasswordHash, 200))
                .col(boolean(Users::Active).default(true))
                .col(string_len_null(Users::CalendarToken, 64).unique_key())
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                .foreign_key(&mut foreign(
                    "fk_users_organisation",
                    (Users::Table, Users::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_users_organisation",
            Users::Table,
            &["organisation_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(WorkingGroups::Table)
                .col(pk_auto(WorkingGroups::Id))
                .col(integer_uniq(WorkingGroups::Number))
                .col(string_len_uniq(WorkingGroups::Slug, 80))
                .col(string_len(WorkingGroups::Title, 200))
                .col(text(WorkingGroups::Mandate))
                .col(integer_null(WorkingGroups::LeadUserId))
                .col(timestamp_with_time_zone(WorkingGroups::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_working_groups_lead",
                    (WorkingGroups::Table, WorkingGroups::LeadUserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(WorkingGroupMembers::Table)
                .col(pk_auto(WorkingGroupMembers::Id))
                .col(integer(WorkingGroupMembers::WorkingGroupId))
                .col(integer(WorkingGroupMembers::OrganisationId))
                .col(date(WorkingGroupMembers::JoinedOn))
                .col(date_null(WorkingGroupMembers::LeftOn))
                .foreign_key(&mut foreign(
                    "fk_wgm_group",
                    (
                        WorkingGroupMembers::Table,
                        WorkingGroupMembers::WorkingGroupId,
                    ),
                    (WorkingGroups::Table, WorkingGroups::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_wgm_organisation",
                    (
                        WorkingGroupMembers::Table,
                        WorkingGroupMembers::OrganisationId,
                    ),
                    (Organisations::Table, Organisations::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_wgm_group_org_joined",
            WorkingGroupMembers::Table,
            &["working_group_id", "organisation_id", "joined_on"],
        ))
        .await?;
        m.create_index(index(
            "idx_wgm_organisation",
            WorkingGroupMembers::Table,
            &["organisation_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Procedures::Table)
                .col(pk_auto(Procedures::Id))
                .col(string_len_uniq(Procedures::Slug, 80))
                .col(string_len(Procedures::Document, 24))
                .col(string_len(Procedures::Name, 200))
                .col(text(Procedures::Description).default(""))
                .col(string_len_null(Procedures::Url, 300))
                .col(integer(Procedures::Position).default(0))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_procedures_document",
            Procedures::Table,
            &["document", "position"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(TestCampaigns::Table)
                .col(pk_auto(TestCampaigns::Id))
                .col(string_len_uniq(TestCampaigns::Slug, 80))
                .col(string_len(TestCampaigns::Title, 200))
                .col(string_len(TestCampaigns::Site, 200))
                .col(date(TestCampaigns::HeldOn))
                .col(string_len(TestCampaigns::Audience, 300))
                .col(text(TestCampaigns::Findings))
                .col(integer_null(TestCampaigns::OrganisationId))
                .col(timestamp_with_time_zone(TestCampaigns::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_test_campaigns_organisation",
                    (TestCampaigns::Table, TestCampaigns::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_test_campaigns_held_on",
            TestCampaigns::Table,
            &["held_on"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(TestCampaignProcedures::Table)
                .col(integer(TestCampaignProcedures::TestCampaignId))
                .col(integer(TestCampaignProcedures::ProcedureId))
                .primary_key(
                    Index::create()
                        .col(TestCampaignProcedures::TestCampaignId)
                        .col(TestCampaignProcedures::ProcedureId),
                )
                .foreign_key(&mut foreign(
                    "fk_tcp_campaign",
                    (
                        TestCampaignProcedures::Table,
                        TestCampaignProcedures::TestCampaignId,
                    ),
                    (TestCampaigns::Table, TestCampaigns::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_tcp_procedure",
                    (
                        TestCampaignProcedures::Table,
                        TestCampaignProcedures::ProcedureId,
                    ),
                    (Procedures::Table, Procedures::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_tcp_procedure",
            TestCampaignProcedures::Table,
            &["procedure_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Meetings::Table)
                .col(pk_auto(Meetings::Id))
                .col(string_len_uniq(Meetings::Uid, 120))
                .col(string_len(Meetings::Kind, 24))
                .col(integer_null(Meetings::WorkingGroupId))
                .col(integer_null(Meetings::Year))
                .col(integer_null(Meetings::Ordinal))
                .col(string_len(Meetings::Title, 200))
                .col(timestamp_with_time_zone(Meetings::StartsAt))
                .col(timestamp_with_time_zone(Meetings::EndsAt))
                .col(string_len_null(Meetings::Place, 300))
                .col(string_len_null(Meetings::VideoUrl, 500))
                .col(text(Meetings::Agenda).default(""))
                .col(string_len(Meetings::Status, 24))
                .col(integer(Meetings::Sequence).default(0))
                .col(integer_null(Meetings::CreatedBy))
                .col(timestamp_with_time_zone(Meetings::CreatedAt))
                .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                .foreign_key(&mut foreign(
                    "fk_meetings_group",
                    (Meetings::Table, Meetings::WorkingGroupId),
                    (WorkingGroups::Table, WorkingGroups::Id),
                    Restrict,
                ))
                .foreign_key(&mut foreign(
                    "fk_meetings_created_by",
                    (Meetings::Table, Meetings::CreatedBy),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_meetings_starts_at",
            Meetings::Table,
            &["starts_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_meetings_group_starts_at",
            Meetings::Table,
            &["working_group_id", "starts_at"],
        ))
        .await?;
        m.create_index(unique(
            "uq_meetings_kind_ordinal",
            Meetings::Table,
            &["kind", "ordinal"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(MeetingInvitations::Table)
                .col(pk_auto(MeetingInvitations::Id))
                .col(integer(MeetingInvitations::MeetingId))
                .col(integer(MeetingInvitations::UserId))
                .col(string_len(MeetingInvitations::Response, 24))
                .col(string_len_null(MeetingInvitations::RepresentedBy, 200))
                .col(timestamp_with_time_zone_null(
                    MeetingInvitations::RespondedAt,
                ))
                .col(boolean_null(MeetingInvitations::Attended))
                .col(string_len_uniq(MeetingInvitations::Token, 64))
                .col(timestamp_with_time_zone(MeetingInvitations::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_invitations_meeting",
                    (MeetingInvitations::Table, MeetingInvitations::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_invitations_user",
                    (MeetingInvitations::Table, MeetingInvitations::UserId),
                    (Users::Table, Users::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_invitations_meeting_user",
            MeetingInvitations::Table,
            &["meeting_id", "user_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_invitations_user",
            MeetingInvitations::Table,
            &["user_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Minutes::Table)
                .col(pk_auto(Minutes::Id))
                .col(integer_uniq(Minutes::MeetingId))
                .col(string_len(Minutes::Status, 24))
                .col(integer(Minutes::CurrentRevision).default(0))
                .col(text_null(Minutes::PublishedHtml))
                .col(timestamp_with_time_zone_null(Minutes::PublishedAt))
                .col(integer_null(Minutes::PublishedBy))
                .col(timestamp_with_time_zone(Minutes::CreatedAt))
                .col(timestamp_with_time_zone(Minutes::UpdatedAt))
                .foreign_key(&mut foreign(
                    "fk_minutes_meeting",
                    (Minutes::Table, Minutes::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_minutes_published_by",
                    (Minutes::Table, Minutes::PublishedBy),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MinutesRevisions::Table)
                .col(pk_auto(MinutesRevisions::Id))
                .col(integer(MinutesRevisions::MinutesId))
                .col(integer(MinutesRevisions::Number))
                .col(text(MinutesRevisions::Body))
                .col(integer_null(MinutesRevisions::AuthorId))
                .col(timestamp_with_time_zone(MinutesRevisions::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_revisions_minutes",
                    (MinutesRevisions::Table, MinutesRevisions::MinutesId),
                    (Minutes::Table, Minutes::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_revisions_author",
                    (MinutesRevisions::Table, MinutesRevisions::AuthorId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_revisions_minutes_number",
            MinutesRevisions::Table,
            &["minutes_id", "number"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Proposals::Table)
                .col(pk_auto(Proposals::Id))
                .col(string_len_uniq(Proposals::Reference, 20))
                .col(integer(Proposals::Year))
                .col(integer(Proposals::Number))
                .col(string_len(Proposals::Title, 200))
                .col(text(Proposals::Body))
                .col(string_len(Proposals::Origin, 24))
                .col(integer(Proposals::OrganisationId))
                .col(integer_null(Proposals::SubmittedBy))
                .col(integer_null(Proposals::WorkingGroupId))
                .col(integer_null(Proposals::TestCampaignId))
                .col(string_len_null(Proposals::Priority, 16))
                .col(string_len(Proposals::Status, 24))
                .col(text_null(Proposals::StatusReason))
                .col(integer_null(Proposals::MergedIntoId))
                .col(integer_null(Proposals::MeetingId))
                .col(integer(Proposals::Version).default(1))
                .col(integer(Proposals::SupportsCount).default(0))
                .col(text(Proposals::SearchText).default(""))
                .col(timestamp_with_time_zone(Proposals::CreatedAt))
                .col(timestamp_with_time_zone(Proposals::UpdatedAt))
                .col(timestamp_with_time_zone(Proposals::LastActivityAt))
                .foreign_key(&mut foreign(
                    "fk_proposals_organisation",
                    (Proposals::Table, Proposals::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    Restrict,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposals_submitted_by",
                    (Proposals::Table, Proposals::SubmittedBy),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposals_group",
                    (Proposals::Table, Proposals::WorkingGroupId),
                    (WorkingGroups::Table, WorkingGroups::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposals_campaign",
                    (Proposals::Table, Proposals::TestCampaignId),
                    (TestCampaigns::Table, TestCampaigns::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposals_merged_into",
                    (Proposals::Table, Proposals::MergedIntoId),
                    (Proposals::Table, Proposals::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_proposals_meeting",
                    (Proposals::Table, Proposals::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_proposals_year_number",
            Proposals::Table,
            &["year", "number"],
        ))
        .await?;
        m.create_index(index(
            "idx_proposals_status_activity",
            Proposals::Table,
            &["status", "last_activity_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_proposals_group_status",
            Proposals::Table,
            &["working_group_id", "status"],
        ))
        .await?;
        m.create_index(index(
            "idx_proposals_organisation",
            Proposals::Table,
            &["organisation_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_proposals_created_at",
            Proposals::Table,
            &["created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_proposals_activity",
            Proposals::Table,
            &["last_activity_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ProposalProcedures::Table)
                .col(integer(ProposalProcedures::ProposalId))
                .col(integer(ProposalProcedures::ProcedureId))
                .primary_key(
                    Index::create()
                        .col(ProposalProcedures::ProposalId)
                        .col(ProposalProcedures::ProcedureId),
                )
                .foreign_key(&mut foreign(
                    "fk_pp_proposal",
                    (ProposalProcedures::Table, ProposalProcedures::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_pp_procedure",
                    (ProposalProcedures::Table, ProposalProcedures::ProcedureId),
                    (Procedures::Table, Procedures::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_pp_procedure_proposal",
            ProposalProcedures::Table,
            &["procedure_id", "proposal_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ProposalSupports::Table)
                .col(pk_auto(ProposalSupports::Id))
                .col(integer(ProposalSupports::ProposalId))
                .col(integer(ProposalSupports::OrganisationId))
                .col(integer_null(ProposalSupports::UserId))
                .col(timestamp_with_time_zone(ProposalSupports::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_supports_proposal",
                    (ProposalSupports::Table, ProposalSupports::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_supports_organisation",
                    (ProposalSupports::Table, ProposalSupports::OrganisationId),
                    (Organisations::Table, Organisations::Id),
                    Restrict,
                ))
                .foreign_key(&mut foreign(
                    "fk_supports_user",
                    (ProposalSupports::Table, ProposalSupports::UserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "uq_supports_proposal_org",
            ProposalSupports::Table,
            &["proposal_id", "organisation_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_supports_organisation",
            ProposalSupports::Table,
            &["organisation_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(Actions::Table)
                .col(pk_auto(Actions::Id))
                .col(string_len(Actions::Title, 200))
                .col(text(Actions::Description).default(""))
                .col(integer_null(Actions::MeetingId))
                .col(integer_null(Actions::WorkingGroupId))
                .col(integer_null(Actions::ProposalId))
                .col(integer_null(Actions::OwnerUserId))
                .col(date_null(Actions::DueOn))
                .col(string_len(Actions::Status, 24))
                .col(timestamp_with_time_zone(Actions::CreatedAt))
                .col(timestamp_with_time_zone(Actions::UpdatedAt))
                .foreign_key(&mut foreign(
                    "fk_actions_meeting",
                    (Actions::Table, Actions::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_actions_group",
                    (Actions::Table, Actions::WorkingGroupId),
                    (WorkingGroups::Table, WorkingGroups::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_actions_proposal",
                    (Actions::Table, Actions::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_actions_owner",
                    (Actions::Table, Actions::OwnerUserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_actions_owner_status",
            Actions::Table,
            &["owner_user_id", "status"],
        ))
        .await?;
        m.create_index(index(
            "idx_actions_group_status",
            Actions::Table,
            &["working_group_id", "status"],
        ))
        .await?;
        m.create_index(index(
            "idx_actions_proposal",
            Actions::Table,
            &["proposal_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ProposalEvents::Table)
                .col(pk_auto(ProposalEvents::Id))
                .col(integer(ProposalEvents::ProposalId))
                .col(string_len(ProposalEvents::Kind, 24))
                .col(integer_null(ProposalEvents::ActorUserId))
                .col(integer_null(ProposalEvents::ActorOrganisationId))
                .col(string_len_null(ProposalEvents::FromStatus, 24))
                .col(string_len_null(ProposalEvents::ToStatus, 24))
                .col(text_null(ProposalEvents::Body))
                .col(boolean(ProposalEvents::Internal).default(false))
                .col(integer_null(ProposalEvents::MeetingId))
                .col(integer_null(ProposalEvents::ActionId))
                .col(integer_null(ProposalEvents::RelatedProposalId))
                .col(timestamp_with_time_zone(ProposalEvents::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_events_proposal",
                    (ProposalEvents::Table, ProposalEvents::ProposalId),
                    (Proposals::Table, Proposals::Id),
                    Cascade,
                ))
                .foreign_key(&mut foreign(
                    "fk_events_actor",
                    (ProposalEvents::Table, ProposalEvents::ActorUserId),
                    (Users::Table, Users::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_events_actor_org",
                    (ProposalEvents::Table, ProposalEvents::ActorOrganisationId),
                    (Organisations::Table, Organisations::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_events_meeting",
                    (ProposalEvents::Table, ProposalEvents::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_events_action",
                    (ProposalEvents::Table, ProposalEvents::ActionId),
                    (Actions::Table, Actions::Id),
                    SetNull,
                ))
                .foreign_key(&mut foreign(
                    "fk_events_related",
                    (ProposalEvents::Table, ProposalEvents::RelatedProposalId),
                    (Proposals::Table, Proposals::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_events_proposal_created",
            ProposalEvents::Table,
            &["proposal_id", "created_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_events_kind_created",
            ProposalEvents::Table,
            &["kind", "created_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(ReferenceCounters::Table)
                .col(string_len(ReferenceCounters::Scope, 40).primary_key())
                .col(integer(ReferenceCounters::LastValue))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(pk_auto(AuditEvents::Id))
                .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                .col(integer_null(AuditEvents::ActorUserId))
                .col(string_len(AuditEvents::ActorLabel, 254))
                .col(string_len(AuditEvents::Kind, 48))
                .col(string_len_null(AuditEvents::TargetType, 48))
                .col(integer_null(AuditEvents::TargetId))
                .col(string_len_null(AuditEvents::Ip, 64))
                .col(text(AuditEvents::Detail).default(""))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_audit_occurred",
            AuditEvents::Table,
            &["occurred_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_audit_actor_occurred",
            AuditEvents::Table,
            &["actor_user_id", "occurred_at"],
        ))
        .await?;
        m.create_index(index(
            "idx_audit_kind_occurred",
            AuditEvents::Table,
            &["kind", "occurred_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(OutboxEmails::Table)
                .col(pk_auto(OutboxEmails::Id))
                .col(string_len(OutboxEmails::ToAddress, 254))
                .col(string_len(OutboxEmails::ToName, 200))
                .col(string_len(OutboxEmails::Subject, 300))
                .col(text(OutboxEmails::BodyText))
                .col(text(OutboxEmails::BodyHtml))
                .col(text_null(OutboxEmails::Ics))
                .col(string_len(OutboxEmails::Status, 16))
                .col(integer(OutboxEmails::Attempts).default(0))
                .col(timestamp_with_time_zone(OutboxEmails::NextAttemptAt))
                .col(timestamp_with_time_zone_null(OutboxEmails::LockedUntil))
                .col(string_len_null(OutboxEmails::LockedBy, 64))
                .col(text_null(OutboxEmails::LastError))
                .col(timestamp_with_time_zone(OutboxEmails::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboxEmails::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_outbox_status_next",
            OutboxEmails::Table,
            &["status", "next_attempt_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(LoginSessions::Table)
                .col(string_len(LoginSessions::Id, 64).primary_key())
                .col(integer(LoginSessions::UserId))
                .col(timestamp_with_time_zone(LoginSessions::CreatedAt))
                .col(timestamp_with_time_zone(LoginSessions::LastSeenAt))
                .col(timestamp_with_time_zone(LoginSessions::ExpiresAt))
                .col(string_len_null(LoginSessions::Ip, 64))
                .col(string_len_null(LoginSessions::UserAgent, 300))
                .foreign_key(&mut foreign(
                    "fk_sessions_user",
                    (LoginSessions::Table, LoginSessions::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_sessions_user",
            LoginSessions::Table,
            &["user_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(UserTokens::Table)
                .col(pk_auto(UserTokens::Id))
                .col(integer(UserTokens::UserId))
                .col(string_len(UserTokens::Purpose, 16))
                .col(string_len_uniq(UserTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(UserTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(UserTokens::UsedAt))
                .col(timestamp_with_time_zone(UserTokens::CreatedAt))
                .foreign_key(&mut foreign(
                    "fk_tokens_user",
                    (UserTokens::Table, UserTokens::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_tokens_user", UserTokens::Table, &["user_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table(LoginAttempts::Table)
                .col(pk_auto(LoginAttempts::Id))
                .col(string_len(LoginAttempts::Key, 300))
                .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_login_attempts_key",
            LoginAttempts::Table,
            &["key", "attempted_at"],
        ))
        .await?;

        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(Alias::new(*table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Slug,
    Name,
    ShortName,
    Kind,
    Description,
    Website,
    JoinedOn,
    LeftOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    Title,
    Role,
    OrganisationId,
    PasswordHash,
    Active,
    CalendarToken,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum WorkingGroups {
    Table,
    Id,
    Number,
    Slug,
    Title,
    Mandate,
    LeadUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkingGroupMembers {
    Table,
    Id,
    WorkingGroupId,
    OrganisationId,
    JoinedOn,
    LeftOn,
}

#[derive(DeriveIden)]
enum Procedures {
    Table,
    Id,
    Slug,
    Document,
    Name,
    Description,
    Url,
    Position,
}

#[derive(DeriveIden)]
enum TestCampaigns {
    Table,
    Id,
    Slug,
    Title,
    Site,
    HeldOn,
    Audience,
    Findings,
    OrganisationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TestCampaignProcedures {
    Table,
    TestCampaignId,
    ProcedureId,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    Uid,
    Kind,
    WorkingGroupId,
    Year,
    Ordinal,
    Title,
    StartsAt,
    EndsAt,
    Place,
    VideoUrl,
    Agenda,
    Status,
    Sequence,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetingInvitations {
    Table,
    Id,
    MeetingId,
    UserId,
    Response,
    RepresentedBy,
    RespondedAt,
    Attended,
    Token,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Minutes {
    Table,
    Id,
    MeetingId,
    Status,
    CurrentRevision,
    PublishedHtml,
    PublishedAt,
    PublishedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MinutesRevisions {
    Table,
    Id,
    MinutesId,
    Number,
    Body,
    AuthorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Proposals {
    Table,
    Id,
    Reference,
    Year,
    Number,
    Title,
    Body,
    Origin,
    OrganisationId,
    SubmittedBy,
    WorkingGroupId,
    TestCampaignId,
    Priority,
    Status,
    StatusReason,
    MergedIntoId,
    MeetingId,
    Version,
    SupportsCount,
    SearchText,
    CreatedAt,
    UpdatedAt,
    LastActivityAt,
}

#[derive(DeriveIden)]
enum ProposalProcedures {
    Table,
    ProposalId,
    ProcedureId,
}

#[derive(DeriveIden)]
enum ProposalSupports {
    Table,
    Id,
    ProposalId,
    OrganisationId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
    Title,
    Description,
    MeetingId,
    WorkingGroupId,
    ProposalId,
    OwnerUserId,
    DueOn,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProposalEvents {
    Table,
    Id,
    ProposalId,
    Kind,
    ActorUserId,
    ActorOrganisationId,
    FromStatus,
    ToStatus,
    Body,
    Internal,
    MeetingId,
    ActionId,
    RelatedProposalId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReferenceCounters {
    Table,
    Scope,
    LastValue,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorUserId,
    ActorLabel,
    Kind,
    TargetType,
    TargetId,
    Ip,
    Detail,
}

#[derive(DeriveIden)]
enum OutboxEmails {
    Table,
    Id,
    ToAddress,
    ToName,
    Subject,
    BodyText,
    BodyHtml,
    Ics,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LockedBy,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum LoginSessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum UserTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Key,
    AttemptedAt,
}
