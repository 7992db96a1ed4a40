import { Migration } from '@mikro-orm/migrations';

export class Migration20261207102944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`meeting_template\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`body_id\` text not null, \`default_start_time\` text null, \`duration_minutes\` integer null, \`location\` text null, \`standing_items\` json not null, constraint \`meeting_template_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`meeting_template_body_id_unique\` on \`meeting_template\` (\`body_id\`);`);

    this.addSql(`create table \`pending_case\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`body_id\` text not null, \`title\` text not null, \`background\` text null, \`proposed_decision\` text null, \`archive_case_number\` text null, \`status\` text check (\`status\` in ('WAITING', 'PLACED', 'WITHDRAWN')) not null default 'WAITING', \`agenda_item_id\` text null, \`placed_at\` datetime null, constraint \`pending_case_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, constraint \`pending_case_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`pending_case_body_id_index\` on \`pending_case\` (\`body_id\`);`);
    this.addSql(`create index \`pending_case_agenda_item_id_index\` on \`pending_case\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`pending_case_body_id_status_index\` on \`pending_case\` (\`body_id\`, \`status\`);`);

    this.addSql(`create table \`notice_delivery\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`person_id\` text not null, \`email\` text not null, \`role\` text not null, \`subject\` text not null, \`text\` text not null, \`ics\` text not null, \`status\` text check (\`status\` in ('PENDING', 'SENDING', 'SENT', 'FAILED', 'OUTBOX')) not null default 'PENDING', \`attempts\` integer not null default 0, \`last_attempt_at\` datetime null, \`sent_at\` datetime null, \`last_error\` text null, \`message_id\` text null, constraint \`notice_delivery_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, constraint \`notice_delivery_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`notice_delivery_meeting_id_index\` on \`notice_delivery\` (\`meeting_id\`);`);
    this.addSql(`create index \`notice_delivery_person_id_index\` on \`notice_delivery\` (\`person_id\`);`);
    this.addSql(`create unique index \`notice_delivery_meeting_id_person_id_unique\` on \`notice_delivery\` (\`meeting_id\`, \`person_id\`);`);

    this.addSql(`create table \`action_point\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`agenda_item_id\` text not null, \`body_id\` text not null, \`description\` text not null, \`responsible\` text null, \`responsible_person_id\` text null, \`due_date\` date null, \`status\` text check (\`status\` in ('OPEN', 'IN_PROGRESS', 'DONE')) not null default 'OPEN', \`done_at\` datetime null, constraint \`action_point_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on update cascade, constraint \`action_point_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, constraint \`action_point_responsible_person_id_foreign\` foreign key(\`responsible_person_id\`) references \`person\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`action_point_agenda_item_id_index\` on \`action_point\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`action_point_body_id_index\` on \`action_point\` (\`body_id\`);`);
    this.addSql(`create index \`action_point_responsible_person_id_index\` on \`action_point\` (\`responsible_person_id\`);`);
    this.addSql(`create index \`action_point_body_id_status_index\` on \`action_point\` (\`body_id\`, \`status\`);`);

    this.addSql(`create table \`action_point_comment\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`action_point_id\` text not null, \`text\` text not null, \`status\` text check (\`status\` in ('OPEN', 'IN_PROGRESS', 'DONE')) null, \`user_id\` text null, constraint \`action_point_comment_action_point_id_foreign\` foreign key(\`action_point_id\`) references \`action_point\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`action_point_comment_action_point_id_index\` on \`action_point_comment\` (\`action_point_id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`audit_entry__temp_alter\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`user_id\` text null, \`meeting_id\` text null, \`entity\` text not null, \`entity_id\` text not null, \`action\` text not null, \`summary\` text null, \`via\` text null);`);
    this.addSql(`insert into \`audit_entry__temp_alter\` select \`id\`, \`at\`, \`user_id\`, \`meeting_id\`, \`entity\`, \`entity_id\`, \`action\`, \`summary\`, \`via\` from \`audit_entry\`;`);
    this.addSql(`drop table \`audit_entry\`;`);
    this.addSql(`alter table \`audit_entry__temp_alter\` rename to \`audit_entry\`;`);
    this.addSql(`create index \`audit_entry_meeting_id_at_index\` on \`audit_entry\` (\`meeting_id\`, \`at\`);`);
    this.addSql(`pragma foreign_keys = on;`);
    this.addSql(`alter table \`meeting\` add column \`cancelled_at\` datetime null;`);
    this.addSql(`alter table \`meeting\` add column \`cancellation_reason\` text null;`);
    this.addSql(`alter table \`meeting\` add column \`moved_from\` datetime null;`);

  }

}
