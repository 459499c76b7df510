import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../schema/request-context';
import { CUSTOMER } from './customer.read';
import { computedValue, related } from './fallback';
import { INVOICE } from './invoice.read';
import { PAYMENT } from './invoice-parts.read';
import { ReadType } from './registry';

type Row = Record<string, unknown>;

/**
 * The fields the registry declares (relations, computed values, other names of a column), each
 * a type-graphql field resolver made here from its entry: type-graphql's decorators applied to a
 * generated resolver class, whose methods answer through the fallback (src/read/fallback.ts).
 */
function fallbackResolver(type: ReadType): Function {
  const name = `${type.name}FieldsResolver`;
  const cls = { [name]: class {} }[name] as { new (): object; prototype: Record<string, unknown> };
  for (const [field, source] of Object.entries(type.fields)) {
    if (!source.declare) continue;
    const resolve =
      source.kind === 'relation' ? (row: Row, ctx: RequestContext) => related(ctx, type, field, row)
      : source.kind === 'computed' ? (row: Row, ctx: RequestContext) => computedValue(ctx, type, field, row)
      : source.kind === 'column' ? (row: Row) => row[source.property]
      : undefined;
    if (!resolve) throw new Error(`${type.name}.${field}: a ${source.kind} source declares no field`);
    cls.prototype[field] = resolve;
    const { type: returns, ...options } = source.declare;
    FieldResolver(returns as never, options)(cls.prototype, field, Object.getOwnPropertyDescriptor(cls.prototype, field)!);
    Root()(cls.prototype, field, 0);
    Ctx()(cls.prototype, field, 1);
  }
  Resolver(() => type.cls)(cls);
  return cls;
}

export const InvoiceFieldsResolver = fallbackResolver(INVOICE);
export const CustomerFieldsResolver = fallbackResolver(CUSTOMER);
export const PaymentFieldsResolver = fallbackResolver(PAYMENT);
