import { Migration } from '@mikro-orm/migrations';

export class Migration20261123104152 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`document_snapshot\` (\`doc_name\` text not null, \`seq\` integer not null, \`state\` blob not null, \`updated_at\` datetime not null, primary key (\`doc_name\`));`);

    this.addSql(`create table \`document_update\` (\`doc_name\` text not null, \`seq\` integer not null, \`data\` blob not null, \`origin\` text not null, \`user_id\` text null, \`created_at\` datetime not null, primary key (\`doc_name\`, \`seq\`));`);

    this.addSql(`create table \`organisation\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`slug\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`organisation_slug_unique\` on \`organisation\` (\`slug\`);`);

    this.addSql(`create table \`body\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`organisation_id\` text not null, \`name\` text not null, \`slug\` text not null, \`kind\` text check (\`kind\` in ('EXECUTIVE_GROUP', 'STEERING_GROUP', 'GENERAL_ASSEMBLY', 'OTHER')) not null default 'OTHER', constraint \`body_organisation_id_foreign\` foreign key(\`organisation_id\`) references \`organisation\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`body_organisation_id_index\` on \`body\` (\`organisation_id\`);`);
    this.addSql(`create unique index \`body_slug_unique\` on \`body\` (\`slug\`);`);

    this.addSql(`create table \`meeting\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`body_id\` text not null, \`title\` text null, \`starts_at\` datetime not null, \`ends_at\` datetime null, \`location\` text null, \`actual_starts_at\` datetime null, \`actual_ends_at\` datetime null, \`actual_location\` text null, \`remote\` integer not null default false, \`status\` text check (\`status\` in ('PLANNED', 'NOTICE_SENT', 'HELD', 'MINUTES_APPROVED')) not null default 'PLANNED', \`notice_sent_at\` datetime null, \`minutes_approved_at\` datetime null, \`notice_approval_text\` text null default '', \`notice_approval_adopted_at\` datetime null, \`notice_approval_vote_outcome\` text check (\`notice_approval_vote_outcome\` in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, \`notice_approval_votes_for\` integer null, \`notice_approval_votes_against\` integer null, \`notice_approval_votes_blank\` integer null, \`notice_approval_dissenter_ids\` json null, constraint \`meeting_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`meeting_body_id_index\` on \`meeting\` (\`body_id\`);`);
    this.addSql(`create index \`meeting_body_id_starts_at_index\` on \`meeting\` (\`body_id\`, \`starts_at\`);`);

    this.addSql(`create table \`minutes_version\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`label\` text not null, \`reason\` text check (\`reason\` in ('NOTICE_SENT', 'SENT_FOR_APPROVAL', 'APPROVED', 'MANUAL')) not null, \`seq\` integer not null, \`state\` blob not null, \`created_by\` text null, constraint \`minutes_version_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`minutes_version_meeting_id_index\` on \`minutes_version\` (\`meeting_id\`);`);

    this.addSql(`create table \`attachment\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`number\` integer not null, \`title\` text not null, \`file_name\` text null, \`mime_type\` text null, \`url\` text null, constraint \`attachment_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`attachment_meeting_id_index\` on \`attachment\` (\`meeting_id\`);`);
    this.addSql(`create unique index \`attachment_meeting_id_number_unique\` on \`attachment\` (\`meeting_id\`, \`number\`);`);

    this.addSql(`create table \`agenda_item\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`body_id\` text not null, \`year\` integer not null, \`sequence\` integer not null, \`number_suffix\` text not null default '', \`position\` integer not null, \`kind\` text check (\`kind\` in ('DECISION', 'MINUTES_APPROVAL', 'ORIENTATION', 'DISCUSSION', 'ANY_OTHER_BUSINESS')) not null default 'DECISION', \`title\` text not null, \`introduction\` text null, \`notes\` text null, \`proposed_text\` text null, \`proposed_formulated_in_meeting\` integer null default false, \`decision_text\` text null default '', \`decision_adopted_at\` datetime null, \`decision_vote_outcome\` text check (\`decision_vote_outcome\` in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, \`decision_votes_for\` integer null, \`decision_votes_against\` integer null, \`decision_votes_blank\` integer null, \`decision_dissenter_ids\` json null, \`public\` integer not null default true, \`closed_legal_basis\` text null, \`public_title\` text null, \`archive_case_number\` text null, \`approves_minutes_of_id\` text null, constraint \`agenda_item_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, constraint \`agenda_item_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, constraint \`agenda_item_approves_minutes_of_id_foreign\` foreign key(\`approves_minutes_of_id\`) references \`meeting\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`agenda_item_meeting_id_index\` on \`agenda_item\` (\`meeting_id\`);`);
    this.addSql(`create index \`agenda_item_body_id_index\` on \`agenda_item\` (\`body_id\`);`);
    this.addSql(`create index \`agenda_item_approves_minutes_of_id_index\` on \`agenda_item\` (\`approves_minutes_of_id\`);`);
    this.addSql(`create unique index \`agenda_item_body_id_year_sequence_number_suffix_unique\` on \`agenda_item\` (\`body_id\`, \`year\`, \`sequence\`, \`number_suffix\`);`);

    this.addSql(`create table \`item_reference\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`agenda_item_id\` text not null, \`kind\` text check (\`kind\` in ('MEETING', 'AGENDA_ITEM', 'EXTERNAL')) not null, \`meeting_id\` text null, \`item_id\` text null, \`citation\` text not null, constraint \`item_reference_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on update cascade, constraint \`item_reference_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on delete set null on update cascade, constraint \`item_reference_item_id_foreign\` foreign key(\`item_id\`) references \`agenda_item\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`item_reference_agenda_item_id_index\` on \`item_reference\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`item_reference_meeting_id_index\` on \`item_reference\` (\`meeting_id\`);`);
    this.addSql(`create index \`item_reference_item_id_index\` on \`item_reference\` (\`item_id\`);`);

    this.addSql(`create table \`agenda_item_attachment\` (\`agenda_item_id\` text not null, \`attachment_id\` text not null, constraint \`agenda_item_attachment_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on delete cascade on update cascade, constraint \`agenda_item_attachment_attachment_id_foreign\` foreign key(\`attachment_id\`) references \`attachment\`(\`id\`) on delete cascade on update cascade, primary key (\`agenda_item_id\`, \`attachment_id\`));`);
    this.addSql(`create index \`agenda_item_attachment_agenda_item_id_index\` on \`agenda_item_attachment\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`agenda_item_attachment_attachment_id_index\` on \`agenda_item_attachment\` (\`attachment_id\`);`);

    this.addSql(`create table \`person\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`name\` text not null, \`municipality\` text null, \`position\` text null, \`email\` text null, primary key (\`id\`));`);

    this.addSql(`create table \`membership\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`person_id\` text not null, \`body_id\` text not null, \`role\` text check (\`role\` in ('MEMBER', 'LEADER', 'DEPUTY', 'SECRETARIAT')) not null default 'MEMBER', \`valid_from\` date null, \`valid_to\` date null, constraint \`membership_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on update cascade, constraint \`membership_body_id_foreign\` foreign key(\`body_id\`) references \`body\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`membership_person_id_index\` on \`membership\` (\`person_id\`);`);
    this.addSql(`create index \`membership_body_id_index\` on \`membership\` (\`body_id\`);`);

    this.addSql(`create table \`disqualification\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`agenda_item_id\` text not null, \`person_id\` text not null, \`legal_basis\` text not null, \`reason\` text null, constraint \`disqualification_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on update cascade, constraint \`disqualification_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`disqualification_agenda_item_id_index\` on \`disqualification\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`disqualification_person_id_index\` on \`disqualification\` (\`person_id\`);`);
    this.addSql(`create unique index \`disqualification_agenda_item_id_person_id_unique\` on \`disqualification\` (\`agenda_item_id\`, \`person_id\`);`);

    this.addSql(`create table \`attendance\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`meeting_id\` text not null, \`person_id\` text not null, \`role\` text check (\`role\` in ('MEMBER', 'SUBSTITUTE', 'SECRETARIAT', 'GUEST')) not null default 'MEMBER', \`status\` text check (\`status\` in ('PRESENT', 'ABSENT_WITH_NOTICE', 'ABSENT')) not null default 'PRESENT', \`substitute_for_id\` text null, \`representing\` text null, \`from_item_id\` text null, \`until_item_id\` text null, \`position\` integer not null default 0, \`note\` text null, constraint \`attendance_meeting_id_foreign\` foreign key(\`meeting_id\`) references \`meeting\`(\`id\`) on update cascade, constraint \`attendance_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on update cascade, constraint \`attendance_substitute_for_id_foreign\` foreign key(\`substitute_for_id\`) references \`person\`(\`id\`) on delete set null on update cascade, constraint \`attendance_from_item_id_foreign\` foreign key(\`from_item_id\`) references \`agenda_item\`(\`id\`) on delete set null on update cascade, constraint \`attendance_until_item_id_foreign\` foreign key(\`until_item_id\`) references \`agenda_item\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`attendance_meeting_id_index\` on \`attendance\` (\`meeting_id\`);`);
    this.addSql(`create index \`attendance_person_id_index\` on \`attendance\` (\`person_id\`);`);
    this.addSql(`create index \`attendance_substitute_for_id_index\` on \`attendance\` (\`substitute_for_id\`);`);
    this.addSql(`create index \`attendance_from_item_id_index\` on \`attendance\` (\`from_item_id\`);`);
    this.addSql(`create index \`attendance_until_item_id_index\` on \`attendance\` (\`until_item_id\`);`);
    this.addSql(`create unique index \`attendance_meeting_id_person_id_unique\` on \`attendance\` (\`meeting_id\`, \`person_id\`);`);

    this.addSql(`create table \`protocol_entry\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`agenda_item_id\` text not null, \`person_id\` text null, \`text\` text not null, \`position\` integer not null default 0, constraint \`protocol_entry_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on update cascade, constraint \`protocol_entry_person_id_foreign\` foreign key(\`person_id\`) references \`person\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`protocol_entry_agenda_item_id_index\` on \`protocol_entry\` (\`agenda_item_id\`);`);
    this.addSql(`create index \`protocol_entry_person_id_index\` on \`protocol_entry\` (\`person_id\`);`);

    this.addSql(`create table \`sub_item\` (\`id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`agenda_item_id\` text not null, \`letter\` text not null, \`position\` integer not null, \`title\` text not null, \`subtitle\` text null, \`introduction\` text null, \`notes\` text null, \`proposed_text\` text null, \`proposed_formulated_in_meeting\` integer null default false, \`decision_text\` text null default '', \`decision_adopted_at\` datetime null, \`decision_vote_outcome\` text check (\`decision_vote_outcome\` in ('UNANIMOUS', 'MAJORITY', 'CASTING_VOTE', 'REJECTED')) null, \`decision_votes_for\` integer null, \`decision_votes_against\` integer null, \`decision_votes_blank\` integer null, \`decision_dissenter_ids\` json null, constraint \`sub_item_agenda_item_id_foreign\` foreign key(\`agenda_item_id\`) references \`agenda_item\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`sub_item_agenda_item_id_index\` on \`sub_item\` (\`agenda_item_id\`);`);
    this.addSql(`create unique index \`sub_item_agenda_item_id_letter_unique\` on \`sub_item\` (\`agenda_item_id\`, \`letter\`);`);

    this.addSql(`create table \`sub_item_attachment\` (\`sub_item_id\` text not null, \`attachment_id\` text not null, constraint \`sub_item_attachment_sub_item_id_foreign\` foreign key(\`sub_item_id\`) references \`sub_item\`(\`id\`) on delete cascade on update cascade, constraint \`sub_item_attachment_attachment_id_foreign\` foreign key(\`attachment_id\`) references \`attachment\`(\`id\`) on delete cascade on update cascade, primary key (\`sub_item_id\`, \`attachment_id\`));`);
    this.addSql(`create index \`sub_item_attachment_sub_item_id_index\` on \`sub_item_attachment\` (\`sub_item_id\`);`);
    this.addSql(`create index \`sub_item_attachment_attachment_id_index\` on \`sub_item_attachment\` (\`attachment_id\`);`);
  }

}
