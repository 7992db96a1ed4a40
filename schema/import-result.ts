import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A line of an imported document that could not be placed' })
export class UnplacedLine {
  @Field(() => Int)
  line!: number;

  @Field(() => String)
  text!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The meeting an imported document belongs to' })
export class ImportedMeeting {
  @Field(() => String)
  body!: string;

  @Field(() => String, { description: 'The meeting day, YYYY-MM-DD' })
  date!: string;

  @Field(() => Boolean, { description: 'The meeting did not exist before' })
  created!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'What importing an innkalling or referat did, or in a dry run would do' })
export class ImportResult {
  @Field(() => String, { description: '"innkalling" or "referat"' })
  kind!: string;

  @Field(() => ImportedMeeting)
  meeting!: ImportedMeeting;

  @Field(() => [String], { description: 'What was (or would be) created' })
  created!: string[];

  @Field(() => [String], { description: 'What was (or would be) changed' })
  updated!: string[];

  @Field(() => [UnplacedLine], { description: 'Lines that could not be placed; nothing is dropped silently' })
  unplaced!: UnplacedLine[];

  @Field(() => [String])
  warnings!: string[];

  @Field(() => Boolean, { description: 'False for a dry run: nothing was written' })
  applied!: boolean;
}
