import { getMetadataArgsStorage } from 'typeorm';

/**
 * An entity's row built as JSON by PostgreSQL (`json_build_object`), so nested relations can
 * ride in one column of their parent's statement, and turned back into exactly the row the
 * entity's loaders return. JSON has no exact decimal and no timestamp, so `numeric` columns
 * are sent as text (money stays exact) and timestamps are parsed back into Dates here.
 */
export class JsonRow<T> {
  private readonly timestamps: string[];
  private readonly columns: Array<{ prop: string; column: string; type: string }>;
  /** Every property, in column order. */
  readonly props: ReadonlySet<string>;

  constructor(private readonly type: new () => T) {
    this.columns = getMetadataArgsStorage()
      .columns.filter((c) => c.target === type)
      .map((c) => ({ prop: c.propertyName, column: (c.options.name as string | undefined) ?? c.propertyName, type: String(c.options.type) }));
    // json_build_object takes at most 100 arguments.
    if (this.columns.length > 50) throw new Error(`${type.name} has too many columns for one json_build_object`);
    this.timestamps = this.columns.filter((c) => c.type.startsWith('timestamp')).map((c) => c.prop);
    this.props = new Set(this.columns.map((c) => c.prop));
  }

  /** `json_build_object('prop', alias.column, ...)` over the given properties (default: every column). */
  sql(alias: string, props: ReadonlySet<string> = this.props): string {
    const pairs = this.columns.filter((c) => props.has(c.prop)).map(({ prop, column, type }) => {
      const value = type === 'numeric' || type === 'decimal' ? `${alias}.${column}::text` : `${alias}.${column}`;
      return `'${prop}', ${value}`;
    });
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** The parsed JSON object as an instance of the entity, timestamps as Dates. */
  decode(json: Record<string, unknown>): T {
    const row = Object.assign(new this.type() as object, json) as Record<string, unknown>;
    for (const prop of this.timestamps) {
      const value = row[prop];
      if (typeof value === 'string') row[prop] = new Date(value);
    }
    return row as T;
  }
}
