import { getMetadataArgsStorage } from 'typeorm';

/**
 * Every column of a TypeORM entity as `alias.column AS "property"`, from the entity's metadata:
 * raw rows come back shaped like the entity (numeric as strings, dates as 'YYYY-MM-DD', jsonb
 * parsed), with no column list written by hand.
 */
export function entityColumns(entity: Function, alias: string): string {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === entity)
    .map((c) => `${alias}.${(c.options.name as string | undefined) ?? c.propertyName} AS "${c.propertyName}"`)
    .join(', ');
}
