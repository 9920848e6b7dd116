import { ArrayMaxSize, IsDate, IsOptional, Length, MaxLength } from 'class-validator';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { actorOf, Context, viewerOf } from '../graphql/context';
import { AuditEvent } from './audit-event.entity';
import { AuditEventPage } from './audit-query';

@InputType({ description: 'All given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these types, e.g. ["api_key.rotated", "api_key.revoked"].' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 64, { each: true })
  types?: string[] | null;

  @Field(() => String, { nullable: true, description: 'organization, application, api_key, member, …' })
  @IsOptional()
  @Length(1, 32)
  subjectType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Events about this object, e.g. a key id.' })
  @IsOptional()
  @MaxLength(32)
  subjectId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Events at or after this time.' })
  @IsOptional()
  @IsDate()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events before this time.' })
  @IsOptional()
  @IsDate()
  until?: Date | null;
}

@ObjectType()
export class AuditEventEdge {
  @Field({ description: 'Pass as `after` to continue after this event.' })
  cursor!: string;

  @Field(() => AuditEvent)
  node!: AuditEvent;
}

@ObjectType()
export class AuditEventPageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType({ description: 'A page of the audit log, newest first (Relay connection).' })
export class AuditEventConnection implements AuditEventPage {
  @Field(() => [AuditEventEdge])
  edges!: AuditEventEdge[];

  @Field(() => AuditEventPageInfo)
  pageInfo!: AuditEventPageInfo;

  @Field(() => Int, { description: 'Events matching the filter, in all pages, counted exactly up to 10,000; past that, 10,000 and totalCountIsExact false.' })
  totalCount!: number;

  @Field({ description: 'False when totalCount is the counting bound, not the total.' })
  totalCountIsExact!: boolean;
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @Authorized()
  @Query(() => AuditEventConnection, { description: 'The organization\'s audit log, newest first. Any member may read it.' })
  auditEvents(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null | undefined,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'pageInfo.endCursor of the previous page.' }) after: string | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuditEventConnection> {
    return ctx.services.auditEvents.list(actorOf(ctx), organizationId, filter ?? undefined, first, after ?? null);
  }

  /**
   * Who acted, as people read it: the user's email, or the email of the owner of the personal
   * access token used. Null for the system and for temporary keys (and for users since deleted).
   * Batched per request: a page of events costs at most two more statements.
   */
  @FieldResolver(() => String, { nullable: true, description: 'Email of the acting user (for a personal access token, its owner); null for system and temporary_key.' })
  async actorEmail(@Root() event: AuditEvent, @Ctx() ctx: Context): Promise<string | null> {
    return ctx.loaders.auditActorEmail(viewerOf(ctx, event), event);
  }
}
