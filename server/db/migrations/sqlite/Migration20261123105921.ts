import { Migration } from '@mikro-orm/migrations';

/**
 * Users, their roles per body, and the audit trail. Trimmed by hand: SQLite's schema comparator also proposed
 * rebuilding unchanged tables, which would be wrong (and unsafe inside a transaction).
 */
export class Migration20261123105921 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`user_id\` text null, \`meeting_id\` text not null, \`entity\` text not null, \`entity_id\` text not null, \`action\` text not null, \`summary\` text null, \`via\` text null);`);
    this.addSql(`create index \`audit_entry_meeting_id_at_index\` on \`audit_entry\` (\`meeting_id\`, \`at\`);`);

    this.addSql(`create table \`app_user\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`email\` text null, \`is_admin\` integer not null default false, \`person_id\` text null, \`tokens_valid_from\` datetime null, \`disabled_at\` datetime null, constraint \`app_user_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`app_user_email_unique\` on \`app_user\` (\`email\`);`);
    this.addSql(`create index \`app_user_person_id_index\` on \`app_user\` (\`person_id\`);`);

    this.addSql(`create table \`role_grant\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`user_id\` text not null, \`body_id\` text not null, \`role\` text check (\`role\` in ('SECRETARY', 'MEMBER')) not null, constraint \`role_grant_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade, constraint \`role_grant_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`role_grant_user_id_index\` on \`role_grant\` (\`user_id\`);`);
    this.addSql(`create index \`role_grant_body_id_index\` on \`role_grant\` (\`body_id\`);`);
    this.addSql(`create unique index \`role_grant_user_id_body_id_unique\` on \`role_grant\` (\`user_id\`, \`body_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`role_grant\`;`);
    this.addSql(`drop table if exists \`app_user\`;`);
    this.addSql(`drop table if exists \`audit_entry\`;`);
  }

}
