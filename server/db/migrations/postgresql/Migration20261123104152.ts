import { Migration } from '@mikro-orm/migrations';

export class Migration20261123104152 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "document_snapshot" ("doc_name" varchar(255) not null, "seq" int not null, "state" bytea not null, "updated_at" timestamptz not null, constraint "document_snapshot_pkey" primary key ("doc_name"));`);

    this.addSql(`create table "document_update" ("doc_name" varchar(255) not null, "seq" int not null, "data" bytea not null, "origin" varchar(255) not null, "user_id" varchar(255) null, "created_at" timestamptz not null, constraint "document_update_pkey" primary key ("doc_name", "seq"));`);

    this.addSql(`create table "organisation" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "slug" varchar(255) not null, constraint "organisation_pkey" primary key ("id"));`);
    this.addSql(`alter table "organisation" add constraint "organisation_slug_unique" unique ("slug");`);

    this.addSql(`create table "body" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organisation_id" uuid not null, "name" varchar(255) not null, "slug" varchar(255) not null, "kind" text check ("kind" in ('EXECUTIVE_GROUP', 'STEERING_GROUP', 'GENERAL_ASSEMBLY', 'OTHER')) not null default 'OTHER', constraint "body_pkey" primary key ("id"));`);
    this.addSql(`alter table "body" add constraint "body_slug_unique" unique ("slug");`);

    this.addSql(`create table "meeting" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "body_id" uuid not null, "title" varchar(255) null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "location" varchar(255) null, "actual_starts_at" timestamptz null, "actual_ends_at" timestamptz null, "actual_location" varchar(255) null, "remote" boolean not null default false, "status" text check ("status" in ('PLANNED', 'NOTICE_SENT', 'HELD', 'MINUTES_APPROVED')) not null default 'PLANNED', "notice_sent_at" timestamptz null, "minutes_approved_at" timestamptz null, "notice_approval_text" text null default '', "notice_approval_adopted_at" timestamptz null, "notice_approval_vote_outcome" text check ("notice_approval_vote_outcome" in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, "notice_approval_votes_for" int null, "notice_approval_votes_against" int null, "notice_approval_votes_blank" int null, "notice_approval_dissenter_ids" jsonb null, constraint "meeting_pkey" primary key ("id"));`);
    this.addSql(`create index "meeting_body_id_starts_at_index" on "meeting" ("body_id", "starts_at");`);

    this.addSql(`create table "minutes_version" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" uuid not null, "label" varchar(255) not null, "reason" text check ("reason" in ('NOTICE_SENT', 'SENT_FOR_APPROVAL', 'APPROVED', 'MANUAL')) not null, "seq" int not null, "state" bytea not null, "created_by" varchar(255) null, constraint "minutes_version_pkey" primary key ("id"));`);

    this.addSql(`create table "attachment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" uuid not null, "number" int not null, "title" text not null, "file_name" varchar(255) null, "mime_type" varchar(255) null, "url" text null, constraint "attachment_pkey" primary key ("id"));`);
    this.addSql(`alter table "attachment" add constraint "attachment_meeting_id_number_unique" unique ("meeting_id", "number");`);

    this.addSql(`create table "agenda_item" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" uuid not null, "body_id" uuid not null, "year" int not null, "sequence" int not null, "number_suffix" varchar(4) not null default '', "position" int not null, "kind" text check ("kind" in ('DECISION', 'MINUTES_APPROVAL', 'ORIENTATION', 'DISCUSSION', 'ANY_OTHER_BUSINESS')) not null default 'DECISION', "title" text not null, "introduction" text null, "notes" text null, "proposed_text" text null, "proposed_formulated_in_meeting" boolean null default false, "decision_text" text null default '', "decision_adopted_at" timestamptz null, "decision_vote_outcome" text check ("decision_vote_outcome" in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, "decision_votes_for" int null, "decision_votes_against" int null, "decision_votes_blank" int null, "decision_dissenter_ids" jsonb null, "public" boolean not null default true, "closed_legal_basis" varchar(255) null, "public_title" text null, "archive_case_number" varchar(255) null, "approves_minutes_of_id" uuid null, constraint "agenda_item_pkey" primary key ("id"));`);
    this.addSql(`alter table "agenda_item" add constraint "agenda_item_body_id_year_sequence_number_suffix_unique" unique ("body_id", "year", "sequence", "number_suffix");`);

    this.addSql(`create table "item_reference" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agenda_item_id" uuid not null, "kind" text check ("kind" in ('MEETING', 'AGENDA_ITEM', 'EXTERNAL')) not null, "meeting_id" uuid null, "item_id" uuid null, "citation" text not null, constraint "item_reference_pkey" primary key ("id"));`);

    this.addSql(`create table "agenda_item_attachment" ("agenda_item_id" uuid not null, "attachment_id" uuid not null, constraint "agenda_item_attachment_pkey" primary key ("agenda_item_id", "attachment_id"));`);

    this.addSql(`create table "person" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "municipality" varchar(255) null, "position" varchar(255) null, "email" varchar(255) null, constraint "person_pkey" primary key ("id"));`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "person_id" uuid not null, "body_id" uuid not null, "role" text check ("role" in ('MEMBER', 'LEADER', 'DEPUTY', 'SECRETARIAT')) not null default 'MEMBER', "valid_from" date null, "valid_to" date null, constraint "membership_pkey" primary key ("id"));`);

    this.addSql(`create table "disqualification" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agenda_item_id" uuid not null, "person_id" uuid not null, "legal_basis" varchar(255) not null, "reason" text null, constraint "disqualification_pkey" primary key ("id"));`);
    this.addSql(`alter table "disqualification" add constraint "disqualification_agenda_item_id_person_id_unique" unique ("agenda_item_id", "person_id");`);

    this.addSql(`create table "attendance" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" uuid not null, "person_id" uuid not null, "role" text check ("role" in ('MEMBER', 'SUBSTITUTE', 'SECRETARIAT', 'GUEST')) not null default 'MEMBER', "status" text check ("status" in ('PRESENT', 'ABSENT_WITH_NOTICE', 'ABSENT')) not null default 'PRESENT', "substitute_for_id" uuid null, "representing" varchar(255) null, "from_item_id" uuid null, "until_item_id" uuid null, "position" int not null default 0, "note" text null, constraint "attendance_pkey" primary key ("id"));`);
    this.addSql(`alter table "attendance" add constraint "attendance_meeting_id_person_id_unique" unique ("meeting_id", "person_id");`);

    this.addSql(`create table "protocol_entry" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agenda_item_id" uuid not null, "person_id" uuid null, "text" text not null, "position" int not null default 0, constraint "protocol_entry_pkey" primary key ("id"));`);

    this.addSql(`create table "sub_item" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agenda_item_id" uuid not null, "letter" varchar(2) not null, "position" int not null, "title" text not null, "subtitle" text null, "introduction" text null, "notes" text null, "proposed_text" text null, "proposed_formulated_in_meeting" boolean null default false, "decision_text" text null default '', "decision_adopted_at" timestamptz null, "decision_vote_outcome" text check ("decision_vote_outcome" in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, "decision_votes_for" int null, "decision_votes_against" int null, "decision_votes_blank" int null, "decision_dissenter_ids" jsonb null, constraint "sub_item_pkey" primary key ("id"));`);
    this.addSql(`alter table "sub_item" add constraint "sub_item_agenda_item_id_letter_unique" unique ("agenda_item_id", "letter");`);

    this.addSql(`create table "sub_item_attachment" ("sub_item_id" uuid not null, "attachment_id" uuid not null, constraint "sub_item_attachment_pkey" primary key ("sub_item_id", "attachment_id"));`);

    this.addSql(`alter table "body" add constraint "body_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade;`);

    this.addSql(`alter table "meeting" add constraint "meeting_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);

    this.addSql(`alter table "minutes_version" add constraint "minutes_version_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);

    this.addSql(`alter table "attachment" add constraint "attachment_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);

    this.addSql(`alter table "agenda_item" add constraint "agenda_item_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);
    this.addSql(`alter table "agenda_item" add constraint "agenda_item_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);
    this.addSql(`alter table "agenda_item" add constraint "agenda_item_approves_minutes_of_id_foreign" foreign key ("approves_minutes_of_id") references "meeting" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "item_reference" add constraint "item_reference_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade;`);
    this.addSql(`alter table "item_reference" add constraint "item_reference_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "item_reference" add constraint "item_reference_item_id_foreign" foreign key ("item_id") references "agenda_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "agenda_item_attachment" add constraint "agenda_item_attachment_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "agenda_item_attachment" add constraint "agenda_item_attachment_attachment_id_foreign" foreign key ("attachment_id") references "attachment" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);

    this.addSql(`alter table "disqualification" add constraint "disqualification_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade;`);
    this.addSql(`alter table "disqualification" add constraint "disqualification_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);

    this.addSql(`alter table "attendance" add constraint "attendance_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);
    this.addSql(`alter table "attendance" add constraint "attendance_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);
    this.addSql(`alter table "attendance" add constraint "attendance_substitute_for_id_foreign" foreign key ("substitute_for_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "attendance" add constraint "attendance_from_item_id_foreign" foreign key ("from_item_id") references "agenda_item" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "attendance" add constraint "attendance_until_item_id_foreign" foreign key ("until_item_id") references "agenda_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "protocol_entry" add constraint "protocol_entry_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade;`);
    this.addSql(`alter table "protocol_entry" add constraint "protocol_entry_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sub_item" add constraint "sub_item_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade;`);

    this.addSql(`alter table "sub_item_attachment" add constraint "sub_item_attachment_sub_item_id_foreign" foreign key ("sub_item_id") references "sub_item" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sub_item_attachment" add constraint "sub_item_attachment_attachment_id_foreign" foreign key ("attachment_id") references "attachment" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "body" drop constraint "body_organisation_id_foreign";`);

    this.addSql(`alter table "meeting" drop constraint "meeting_body_id_foreign";`);

    this.addSql(`alter table "agenda_item" drop constraint "agenda_item_body_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_body_id_foreign";`);

    this.addSql(`alter table "minutes_version" drop constraint "minutes_version_meeting_id_foreign";`);

    this.addSql(`alter table "attachment" drop constraint "attachment_meeting_id_foreign";`);

    this.addSql(`alter table "agenda_item" drop constraint "agenda_item_meeting_id_foreign";`);

    this.addSql(`alter table "agenda_item" drop constraint "agenda_item_approves_minutes_of_id_foreign";`);

    this.addSql(`alter table "item_reference" drop constraint "item_reference_meeting_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_meeting_id_foreign";`);

    this.addSql(`alter table "agenda_item_attachment" drop constraint "agenda_item_attachment_attachment_id_foreign";`);

    this.addSql(`alter table "sub_item_attachment" drop constraint "sub_item_attachment_attachment_id_foreign";`);

    this.addSql(`alter table "item_reference" drop constraint "item_reference_agenda_item_id_foreign";`);

    this.addSql(`alter table "item_reference" drop constraint "item_reference_item_id_foreign";`);

    this.addSql(`alter table "agenda_item_attachment" drop constraint "agenda_item_attachment_agenda_item_id_foreign";`);

    this.addSql(`alter table "disqualification" drop constraint "disqualification_agenda_item_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_from_item_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_until_item_id_foreign";`);

    this.addSql(`alter table "protocol_entry" drop constraint "protocol_entry_agenda_item_id_foreign";`);

    this.addSql(`alter table "sub_item" drop constraint "sub_item_agenda_item_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_person_id_foreign";`);

    this.addSql(`alter table "disqualification" drop constraint "disqualification_person_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_person_id_foreign";`);

    this.addSql(`alter table "attendance" drop constraint "attendance_substitute_for_id_foreign";`);

    this.addSql(`alter table "protocol_entry" drop constraint "protocol_entry_person_id_foreign";`);

    this.addSql(`alter table "sub_item_attachment" drop constraint "sub_item_attachment_sub_item_id_foreign";`);

    this.addSql(`drop table if exists "document_snapshot" cascade;`);

    this.addSql(`drop table if exists "document_update" cascade;`);

    this.addSql(`drop table if exists "organisation" cascade;`);

    this.addSql(`drop table if exists "body" cascade;`);

    this.addSql(`drop table if exists "meeting" cascade;`);

    this.addSql(`drop table if exists "minutes_version" cascade;`);

    this.addSql(`drop table if exists "attachment" cascade;`);

    this.addSql(`drop table if exists "agenda_item" cascade;`);

    this.addSql(`drop table if exists "item_reference" cascade;`);

    this.addSql(`drop table if exists "agenda_item_attachment" cascade;`);

    this.addSql(`drop table if exists "person" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "disqualification" cascade;`);

    this.addSql(`drop table if exists "attendance" cascade;`);

    this.addSql(`drop table if exists "protocol_entry" cascade;`);

    this.addSql(`drop table if exists "sub_item" cascade;`);

    this.addSql(`drop table if exists "sub_item_attachment" cascade;`);
  }

}
