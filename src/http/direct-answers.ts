import type { IncomingMessage, ServerResponse } from 'node:http';
import { DocumentNode, ExecutionResult, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { Lru } from '../common/lru';
import { recordOperationFacts } from '../observability/graphql-facts.plugin';
import type { RenderedOperation } from '../sql-rendering/rendered-operation';
import type { RequestContext } from './context';
import { costRefusal } from './limits/cost-limit.plugin';
import { coerceVariables } from './query-executor';

/** A document Apollo parsed, validated and answered through a rendered plan. */
export interface AnsweredDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  plan: RenderedOperation;
}

export type DirectOutcome =
  /** The response is written. */
  | { answered: true }
  /** Apollo answers; `rendered` is an answer with errors it formats instead of running the plan again. */
  | { answered: false; rendered?: ExecutionResult };

/** Apollo's content type for these `accept` headers (and for none), as its negotiation picks it. */
const JSON_ACCEPTS = new Set([undefined, '*/*', 'application/json']);
const CONTENT_TYPE = 'application/json; charset=utf-8';
const BODY_KEYS = new Set(['query', 'variables', 'operationName']);

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Apollo's request pipeline (body checks, document cache, plugin hooks, response formatting) was
 * about a third of our CPU for a query PostgreSQL answers whole (BENCHMARKS.md, "Seventh round").
 * Once Apollo has parsed, validated and answered a document through a rendered plan, the same
 * document is answered here: the same variable coercion, cost limit, plan, request facts and
 * metrics, and the bytes Apollo writes. Only plain JSON POSTs qualify (no extensions, an
 * `accept` Apollo answers with application/json); refused requests (no key, bad variables, too
 * costly, arguments the resolvers reject) go to Apollo, which answers them as always, and an
 * answer with errors is handed to Apollo to format. test/sql-rendering/direct-answers.test.ts
 * holds both paths to the same status, headers and body.
 */
export class DirectAnswers {
  private readonly known: Lru<AnsweredDocument>;
  /** Requests answered here (read by tests). */
  answeredCount = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxCost: number,
    size: number,
    private readonly onExecute: () => void,
  ) {
    this.known = new Lru(Math.max(1, size));
  }

  /** Called when Apollo's run of `query` (with this client-sent operation name) was answered by `answered.plan` without errors. */
  remember(query: string, operationName: string | null | undefined, answered: AnsweredDocument): void {
    this.known.set(`${operationName ?? ''}\0${query}`, answered);
  }

  /** Answers the request when it is one Apollo answered through a rendered plan before; `context` is the request's (shared with Apollo). */
  async answer(req: IncomingMessage, res: ServerResponse, body: unknown, requestId: string, context: () => Promise<RequestContext>): Promise<DirectOutcome> {
    const known = this.match(req, body);
    if (!known) return { answered: false };
    const { variables: raw, operationName } = body as { variables?: Record<string, unknown> | null; operationName?: string | null };
    let ctx: RequestContext;
    try {
      ctx = await context();
    } catch {
      return { answered: false }; // Apollo reports it: the context's promise is shared
    }
    if (!ctx.principal) return { answered: false };
    const rawVariables = raw ?? {};
    const variables = coerceVariables(this.schema, known.operation, rawVariables);
    if (variables.errors) return { answered: false };
    if (costRefusal(this.schema, known.document, operationName ?? undefined, rawVariables, this.maxCost)) return { answered: false };
    const result = await known.plan.run(ctx, variables.coerced);
    if (!result) return { answered: false };
    this.onExecute();
    if (result.errors) return { answered: false, rendered: result };

    recordOperationFacts(ctx, { name: known.operation.name?.value ?? operationName, type: known.operation.operation, errors: [], hasData: true });
    // Apollo's body: JSON.stringify of {errors, data, extensions} plus a newline.
    const out = Buffer.from(`${JSON.stringify({ data: result.data })}\n`);
    res.writeHead(200, { 'x-request-id': requestId, 'content-type': CONTENT_TYPE, 'content-length': String(out.length) });
    res.end(out);
    this.answeredCount++;
    return { answered: true };
  }

  /** The answered document this request names, when it is a request Apollo would run as it ran that one. */
  private match(req: IncomingMessage, body: unknown): AnsweredDocument | undefined {
    if (req.method !== 'POST' || !isRecord(body) || typeof body.query !== 'string') return undefined;
    const type = req.headers['content-type']?.toLowerCase().split(';')[0].trim();
    if (type !== 'application/json' || !JSON_ACCEPTS.has(req.headers.accept)) return undefined;
    for (const key in body) if (!BODY_KEYS.has(key)) return undefined;
    if (body.variables != null && !isRecord(body.variables)) return undefined;
    if (body.operationName != null && typeof body.operationName !== 'string') return undefined;
    return this.known.get(`${body.operationName ?? ''}\0${body.query}`);
  }
}
