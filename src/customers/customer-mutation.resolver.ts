import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import type { RequestContext } from '../schema/request-context';
import { requirePrincipal } from '../schema/request-context';
import { IdempotencyKeyArg } from '../idempotency/idempotency-key.arg';
import { resolveIdempotencyKey } from '../idempotency/with-idempotency';
import { CustomerCommandService } from './commands/customer-command.service';
import { Contact } from './contact.entity';
import { Customer } from './customer.entity';
import { CreateContactInput, UpdateContactInput } from './inputs/contact.input';
import { CreateCustomerInput, UpdateCustomerInput } from './inputs/customer.input';

/** Customers and contacts through the API: parse, call the service, map. */
@Resolver()
export class CustomerMutationResolver {
  private readonly commands: CustomerCommandService;

  constructor(deps: AppDeps) {
    this.commands = new CustomerCommandService(deps.dataSource);
  }

  private actor(ctx: RequestContext) {
    const p = requirePrincipal(ctx);
    return { tenantId: p.tenantId, apiKeyId: p.apiKeyId };
  }

  @Mutation(() => Customer, { description: 'A new customer of the tenant (externalId and customerNumber unique per tenant: DUPLICATE_CUSTOMER).' })
  createCustomer(
    @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput,
    @IdempotencyKeyArg() idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    return this.commands.createCustomer(this.actor(ctx), input, resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey));
  }

  @Mutation(() => Customer, { description: 'A partial update of a customer; send `version` to refuse a stale write (VERSION_CONFLICT).' })
  updateCustomer(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Arg('version', () => Int, { nullable: true }) version: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Customer> {
    return this.commands.updateCustomer(this.actor(ctx), id, input, version);
  }

  @Mutation(() => Contact, { description: "A new contact of a customer (an invoice's billToContactId)." })
  createContact(
    @Arg('input', () => CreateContactInput) input: CreateContactInput,
    @IdempotencyKeyArg() idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    return this.commands.createContact(this.actor(ctx), input, resolveIdempotencyKey(idempotencyKey, ctx.idempotencyKey));
  }

  @Mutation(() => Contact, { description: 'A partial update of a contact; send `version` to refuse a stale write (VERSION_CONFLICT).' })
  updateContact(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateContactInput) input: UpdateContactInput,
    @Arg('version', () => Int, { nullable: true }) version: number | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Contact> {
    return this.commands.updateContact(this.actor(ctx), id, input, version);
  }
}
