import { Migration } from '@mikro-orm/migrations';

export class Migration20261207120507 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "app_user" add column "calendar_feed_version" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_user" drop column "calendar_feed_version";`);
  }

}
