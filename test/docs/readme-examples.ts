import fs from 'node:fs';
import path from 'node:path';

/**
 * The README's GraphQL examples, parsed from the markdown so that the test runs exactly what a
 * reader copies. Every ```graphql fence is one executable operation. An HTML comment right above
 * a fence (blank lines allowed) may carry JSON options for the test:
 *
 *   <!-- example: {"name": "...", "expect": "CODE", "save": {"paymentId": "recordPayment.payment.id"},
 *        "assert": {"createInvoices.createdCount": 2}, "nonEmpty": ["invoice"], "vars": {...},
 *        "headers": {...}, "repeat": true, "as": "otherTenant"} -->
 *
 * - `expect`: the example shows a refusal; the first error must carry this extensions.code.
 * - `expectPath`: with `expect`, the `extensions.path` that error must carry (the bad value's path).
 * - `save`: values of the result (dotted paths into `data`) kept as variables for later examples.
 * - `assert`: dotted paths into `data` and their expected values; `nonEmpty`: lists that must not be empty.
 * - `vars`: literal variables; `headers`: extra HTTP headers; `repeat`: run twice, same answer.
 * - `as`: `otherTenant` sends another tenant's key, `noKey` sends none (default: the seeded tenant's key).
 */
export interface ReadmeExample {
  index: number;
  /** 1-based line of the fence in README.md, for messages. */
  line: number;
  name: string;
  query: string;
  expect?: string;
  expectPath?: Array<string | number>;
  save?: Record<string, string>;
  assert?: Record<string, unknown>;
  nonEmpty?: string[];
  vars?: Record<string, unknown>;
  headers?: Record<string, string>;
  repeat?: boolean;
  as?: 'otherTenant' | 'noKey';
}

export const README_PATH = path.join(__dirname, '..', '..', 'README.md');

export function parseReadmeExamples(markdown: string = fs.readFileSync(README_PATH, 'utf8')): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  let pendingOptions: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const comment = /^\s*<!--\s*example:\s*([\s\S]*?)\s*-->\s*$/.exec(line);
    if (comment) {
      pendingOptions = { text: comment[1], line: i + 1 };
      continue;
    }
    if (/^```graphql\s*$/.test(line)) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
      let options: Partial<ReadmeExample> = {};
      if (pendingOptions) {
        try {
          options = JSON.parse(pendingOptions.text);
        } catch (error) {
          throw new Error(`README.md:${pendingOptions.line}: example options are not JSON: ${(error as Error).message}`);
        }
      }
      examples.push({
        ...options,
        index: examples.length,
        line: start + 1,
        name: options.name ?? `example at README.md:${start + 1}`,
        query: body.join('\n'),
      });
      pendingOptions = undefined;
      continue;
    }
    // Any other non-blank line between a comment and a fence detaches the comment.
    if (line.trim() !== '' && pendingOptions) pendingOptions = undefined;
  }
  return examples;
}

/** `a.b.0.c` into an object. */
export function pathGet(value: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, key) => (v == null ? undefined : (v as Record<string, unknown>)[key]), value);
}
