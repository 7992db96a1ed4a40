import { Migration } from '@mikro-orm/migrations';

export class Migration20261123105922 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null, "user_id" uuid null, "meeting_id" uuid not null, "entity" varchar(255) not null, "entity_id" varchar(255) not null, "action" varchar(255) not null, "summary" text null, "via" varchar(255) null);`);
    this.addSql(`create index "audit_entry_meeting_id_at_index" on "audit_entry" ("meeting_id", "at");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(255) not null, "email" varchar(255) null, "is_admin" boolean not null default false, "person_id" uuid null, "tokens_valid_from" timestamptz null, "disabled_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "role_grant" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "body_id" uuid not null, "role" text check ("role" in ('SECRETARY', 'MEMBER')) not null, constraint "role_grant_pkey" primary key ("id"));`);
    this.addSql(`alter table "role_grant" add constraint "role_grant_user_id_body_id_unique" unique ("user_id", "body_id");`);

    this.addSql(`alter table "app_user" add constraint "app_user_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "role_grant" add constraint "role_grant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "role_grant" add constraint "role_grant_body_id_foreign" foreign key ("body_id") references "body" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "role_grant" drop constraint "role_grant_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "role_grant" cascade;`);
  }

}
