import { Migration } from '@mikro-orm/migrations';

export class Migration20261207121806 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "attachment" add column "sha256" varchar(64) null, add column "size" int null, add column "page_count" int null, add column "public" boolean not null default true, add column "legal_basis" text null;`);
    this.addSql(`create index "attachment_sha256_index" on "attachment" ("sha256");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "attachment_sha256_index";`);
    this.addSql(`alter table "attachment" drop column "sha256", drop column "size", drop column "page_count", drop column "public", drop column "legal_basis";`);
  }

}
