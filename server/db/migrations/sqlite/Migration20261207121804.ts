import { Migration } from '@mikro-orm/migrations';

export class Migration20261207121804 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`attachment\` add column \`sha256\` text null;`);
    this.addSql(`alter table \`attachment\` add column \`size\` integer null;`);
    this.addSql(`alter table \`attachment\` add column \`page_count\` integer null;`);
    this.addSql(`alter table \`attachment\` add column \`public\` integer not null default true;`);
    this.addSql(`alter table \`attachment\` add column \`legal_basis\` text null;`);
    this.addSql(`create index \`attachment_sha256_index\` on \`attachment\` (\`sha256\`);`);
  }

}
