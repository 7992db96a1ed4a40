import { Migration } from '@mikro-orm/migrations';

export class Migration20261207102944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "meeting_template" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "body_id" uuid not null, "default_start_time" varchar(5) null, "duration_minutes" int null, "location" varchar(255) null, "standing_items" jsonb not null, constraint "meeting_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "meeting_template" add constraint "meeting_template_body_id_unique" unique ("body_id");`);

    this.addSql(`create table "pending_case" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "body_id" uuid not null, "title" text not null, "background" text null, "proposed_decision" text null, "archive_case_number" varchar(255) null, "status" text check ("status" in ('WAITING', 'PLACED', 'WITHDRAWN')) not null default 'WAITING', "agenda_item_id" uuid null, "placed_at" timestamptz null, constraint "pending_case_pkey" primary key ("id"));`);
    this.addSql(`create index "pending_case_body_id_status_index" on "pending_case" ("body_id", "status");`);

    this.addSql(`create table "notice_delivery" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "meeting_id" uuid not null, "person_id" uuid not null, "email" varchar(255) not null, "role" varchar(255) not null, "subject" text not null, "text" text not null, "ics" text not null, "status" text check ("status" in ('PENDING', 'SENDING', 'SENT', 'FAILED', 'OUTBOX')) not null default 'PENDING', "attempts" int not null default 0, "last_attempt_at" timestamptz null, "sent_at" timestamptz null, "last_error" text null, "message_id" varchar(255) null, constraint "notice_delivery_pkey" primary key ("id"));`);
    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_meeting_id_person_id_unique" unique ("meeting_id", "person_id");`);

    this.addSql(`create table "action_point" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "agenda_item_id" uuid not null, "body_id" uuid not null, "description" text not null, "responsible" varchar(255) null, "responsible_person_id" uuid null, "due_date" date null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE')) not null default 'OPEN', "done_at" timestamptz null, constraint "action_point_pkey" primary key ("id"));`);
    this.addSql(`create index "action_point_body_id_status_index" on "action_point" ("body_id", "status");`);

    this.addSql(`create table "action_point_comment" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "action_point_id" uuid not null, "text" text not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE')) null, "user_id" uuid null, constraint "action_point_comment_pkey" primary key ("id"));`);

    this.addSql(`alter table "meeting_template" add constraint "meeting_template_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);

    this.addSql(`alter table "pending_case" add constraint "pending_case_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);
    this.addSql(`alter table "pending_case" add constraint "pending_case_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade;`);
    this.addSql(`alter table "notice_delivery" add constraint "notice_delivery_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade;`);

    this.addSql(`alter table "action_point" add constraint "action_point_agenda_item_id_foreign" foreign key ("agenda_item_id") references "agenda_item" ("id") on update cascade;`);
    this.addSql(`alter table "action_point" add constraint "action_point_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);
    this.addSql(`alter table "action_point" add constraint "action_point_responsible_person_id_foreign" foreign key ("responsible_person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "action_point_comment" add constraint "action_point_comment_action_point_id_foreign" foreign key ("action_point_id") references "action_point" ("id") on update cascade;`);

    this.addSql(`alter table "audit_entry" alter column "meeting_id" drop default;`);
    this.addSql(`alter table "audit_entry" alter column "meeting_id" type uuid using ("meeting_id"::text::uuid);`);
    this.addSql(`alter table "audit_entry" alter column "meeting_id" drop not null;`);

    this.addSql(`alter table "meeting" add column "cancelled_at" timestamptz null, add column "cancellation_reason" text null, add column "moved_from" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "action_point_comment" drop constraint "action_point_comment_action_point_id_foreign";`);

    this.addSql(`drop table if exists "meeting_template" cascade;`);

    this.addSql(`drop table if exists "pending_case" cascade;`);

    this.addSql(`drop table if exists "notice_delivery" cascade;`);

    this.addSql(`drop table if exists "action_point" cascade;`);

    this.addSql(`drop table if exists "action_point_comment" cascade;`);

    this.addSql(`alter table "audit_entry" alter column "meeting_id" drop default;`);
    this.addSql(`alter table "audit_entry" alter column "meeting_id" type uuid using ("meeting_id"::text::uuid);`);
    this.addSql(`alter table "audit_entry" alter column "meeting_id" set not null;`);

    this.addSql(`alter table "meeting" drop column "cancelled_at", drop column "cancellation_reason", drop column "moved_from";`);
  }

}
