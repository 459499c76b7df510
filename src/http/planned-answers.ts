import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { Lru } from '../common/lru';
import { recordOperationFacts } from '../observability/graphql-facts.plugin';
import { readContextOf } from '../read/fallback';
import type { RequestContext } from '../schema/request-context';
import { coerceVariables, PlannedDocument } from './graphql-executor';
import { costRefusal } from './limits/cost-limit.plugin';

export type PlannedOutcome =
  /** The response is written. */
  | { answered: true }
  /** Apollo answers; `handOver` is the planner's answer with errors, for Apollo to format instead of running it again. */
  | { answered: false; handOver?: ExecutionResult };

/** Apollo's content type for these `accept` headers (and for none), as its negotiation picks it. */
const JSON_ACCEPTS = new Set([undefined, '*/*', 'application/json']);
const BODY_KEYS = new Set(['query', 'variables', 'operationName']);
/** Documents remembered. */
const KNOWN_DOCUMENTS = 256;

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The planner's answers without Apollo's pipeline. Once Apollo has parsed, validated and had the
 * planner answer a document, the same document is answered here the next times: the same
 * variable coercion, cost limit, plan, request facts and metrics, and the bytes Apollo writes
 * (`{"data":...}` and a newline). Only plain JSON POSTs qualify; a request Apollo might treat
 * otherwise (no key, bad variables, too costly, arguments the fallback refuses) goes to Apollo,
 * and an answer with errors is handed to Apollo to format (test/read/planned-answers.test.ts).
 */
export class PlannedAnswers {
  private readonly known = new Lru<PlannedDocument>(KNOWN_DOCUMENTS);
  /** Requests answered here (read by tests). */
  answeredCount = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxCost: number,
    private readonly onExecute: () => void,
  ) {}

  /** Called when Apollo's run of `query` (with this client-sent operation name) was planned and answered without errors. */
  remember(query: string, operationName: string | null | undefined, planned: PlannedDocument): void {
    this.known.set(`${operationName ?? ''}\0${query}`, planned);
  }

  /** Answers the request when it is one the planner answered before; `context` is the request's (shared with Apollo). */
  async answer(req: IncomingMessage, res: ServerResponse, body: unknown, requestId: string, context: () => Promise<RequestContext>): Promise<PlannedOutcome> {
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
    const answer = await known.plan.run(readContextOf(ctx), variables.coerced);
    if (!answer) return { answered: false };
    this.onExecute();
    if (!('rows' in answer)) return { answered: false, handOver: answer };
    recordOperationFacts(ctx, { name: known.operation.name?.value ?? operationName, type: 'query', errors: [], hasData: true });
    const out = Buffer.from(`{"data":${answer.data}}\n`);
    res.writeHead(200, { 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8', 'content-length': String(out.length) });
    res.end(out);
    this.answeredCount++;
    return { answered: true };
  }

  /** The planned document this request names, when it is a request Apollo would run as it ran that one. */
  private match(req: IncomingMessage, body: unknown): PlannedDocument | undefined {
    if (req.method !== 'POST' || !isRecord(body) || typeof body.query !== 'string') return undefined;
    const type = req.headers['content-type']?.toLowerCase().split(';')[0].trim();
    if (type !== 'application/json' || !JSON_ACCEPTS.has(req.headers.accept)) return undefined;
    for (const key in body) if (!BODY_KEYS.has(key)) return undefined;
    if (body.variables != null && !isRecord(body.variables)) return undefined;
    if (body.operationName != null && typeof body.operationName !== 'string') return undefined;
    return this.known.get(`${body.operationName ?? ''}\0${body.query}`);
  }
}
