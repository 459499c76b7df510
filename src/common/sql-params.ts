/**
 * Positional parameters for hand-built SQL: every value goes through `add`, which returns its
 * placeholder ($1, $2, ...). No value is ever spliced into SQL text.
 *
 * A statement planned once for a query document holds, besides constants, bindings: the
 * request's tenant, or a GraphQL variable (checked and converted by `parse` when a request
 * runs). A builder meeting a variable where the shape of its SQL depends on the value throws
 * NeedsValues; the statement is then built per request, from the values.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A GraphQL variable standing where a value goes, in arguments coerced at planning time. */
export class VariableRef {
  constructor(readonly name: string) {}
}

/** Nothing is known until a request runs: its tenant, or a variable (null or absent ones change the SQL: Replan). */
export class Binding {
  constructor(
    readonly variable: string | null,
    private readonly parse: (value: unknown) => unknown = (value) => value,
  ) {}

  static readonly TENANT = new Binding(null);

  resolve(variables: Readonly<Record<string, unknown>>, tenantId: string): unknown {
    if (this.variable === null) return tenantId;
    const value = variables[this.variable];
    if (value === undefined || value === null) throw new Replan();
    return this.parse(value);
  }
}

/** Thrown by builders meeting a variable where the SQL shape depends on its value. */
export class NeedsValues extends Error {}

/** Thrown at execution when a variable's value does not fit the statement planned without it. */
export class Replan extends Error {}

export const isVariable = (value: unknown): value is VariableRef => value instanceof VariableRef;

/** The value itself; NeedsValues when it is a variable (a position whose SQL depends on the value). */
export function concrete<T>(value: T): T {
  if (value instanceof VariableRef) throw new NeedsValues(value.name);
  return value;
}

/** A statement's values for one request. */
export function bind(values: readonly unknown[], variables: Readonly<Record<string, unknown>>, tenantId: string): unknown[] {
  return values.map((v) => (v instanceof Binding ? v.resolve(variables, tenantId) : v));
}
