import { Migration } from '@mikro-orm/migrations';

export class Migration20261207123340 extends Migration {

  // Idempotent (if exists / if not exists): only indexes change, so running it again does no harm.
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "meeting_body_id_starts_at_index";`);

    this.addSql(`create index if not exists "meeting_starts_at_id_index" on "meeting" ("starts_at", "id");`);
    this.addSql(`create index if not exists "meeting_body_id_starts_at_id_index" on "meeting" ("body_id", "starts_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "meeting_starts_at_id_index";`);
    this.addSql(`drop index "meeting_body_id_starts_at_id_index";`);

    this.addSql(`create index "meeting_body_id_starts_at_index" on "meeting" ("body_id", "starts_at");`);
  }

}
