import { Arg, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { actorOf, Context } from '../../graphql/context';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { DEFAULT_ROTATION_OVERLAP_SECONDS, EndpointWithSecret } from './webhook.service';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput } from './webhook.inputs';

@ObjectType({ description: 'An endpoint with its signing secret (whsec_…). The secret is shown this once: store it now.' })
export class WebhookEndpointWithSecret {
  @Field(() => WebhookEndpoint)
  webhookEndpoint!: WebhookEndpoint;

  @Field()
  secret!: string;
}

/** Webhook endpoints and their deliveries: ADMIN and up (manage webhook endpoints, SPEC 2). */
@Resolver()
export class WebhookResolver {
  @Authorized()
  @Query(() => [WebhookEndpoint], { description: 'ADMIN and up.' })
  webhookEndpoints(@Arg('organizationId', () => ID) organizationId: string, @Ctx() ctx: Context): Promise<WebhookEndpoint[]> {
    return ctx.services.events.webhooks.list(actorOf(ctx), organizationId);
  }

  @Authorized()
  @Query(() => [WebhookDelivery], { description: 'The newest deliveries to an endpoint with every attempt (status codes, next retry). ADMIN and up.' })
  webhookDeliveries(@Arg('endpointId', () => ID) endpointId: string, @Arg('limit', () => Int, { defaultValue: 50 }) limit: number, @Ctx() ctx: Context): Promise<WebhookDelivery[]> {
    return ctx.services.events.webhooks.deliveries(actorOf(ctx), endpointId, limit);
  }

  @Authorized()
  @Query(() => [WebhookDelivery], { description: 'The newest deliveries to a key\'s own webhookUrl. ADMIN and up.' })
  apiKeyWebhookDeliveries(@Arg('apiKeyId', () => ID) apiKeyId: string, @Arg('limit', () => Int, { defaultValue: 50 }) limit: number, @Ctx() ctx: Context): Promise<WebhookDelivery[]> {
    return ctx.services.events.webhooks.keyDeliveries(actorOf(ctx), apiKeyId, limit);
  }

  @Authorized()
  @Query(() => String, { description: 'The whsec_ secret that signs deliveries to this key\'s own webhookUrl. ADMIN and up.' })
  apiKeyWebhookSecret(@Arg('apiKeyId', () => ID) apiKeyId: string, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.events.webhooks.keyWebhookSecret(actorOf(ctx), apiKeyId);
  }

  @Authorized()
  @Mutation(() => WebhookEndpointWithSecret, { description: 'ADMIN and up. Returns the signing secret once.' })
  createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() ctx: Context): Promise<EndpointWithSecret> {
    return ctx.services.events.webhooks.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => WebhookEndpoint, { description: 'ADMIN and up.' })
  updateWebhookEndpoint(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateWebhookEndpointInput, @Ctx() ctx: Context): Promise<WebhookEndpoint> {
    return ctx.services.events.webhooks.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => WebhookEndpoint, { description: 'ADMIN and up. Drops the endpoint with its queued deliveries and history.' })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookEndpoint> {
    return ctx.services.events.webhooks.delete(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => WebhookEndpointWithSecret, { description: 'ADMIN and up. A new secret, returned once; deliveries carry signatures by both secrets for overlapSeconds (default 1 day, at most 7).' })
  rotateWebhookEndpointSecret(
    @Arg('id', () => ID) id: string,
    @Arg('overlapSeconds', () => Int, { defaultValue: DEFAULT_ROTATION_OVERLAP_SECONDS }) overlapSeconds: number,
    @Ctx() ctx: Context,
  ): Promise<EndpointWithSecret> {
    return ctx.services.events.webhooks.rotateSecret(actorOf(ctx), id, overlapSeconds);
  }
}
