/**
 * Positional parameters for hand-built SQL: every value goes through `add`, which returns its
 * placeholder ($1, $2, ...). No value is ever spliced into SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
