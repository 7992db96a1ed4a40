import { Migration } from '@mikro-orm/migrations';

export class Migration20261207120507 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`app_user\` add column \`calendar_feed_version\` integer not null default 0;`);
  }

}
