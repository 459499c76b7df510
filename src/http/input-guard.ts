import type { IncomingMessage } from 'node:http';
import { ArgumentNode, Kind, Lexer, parse, Source, TokenKind, ValueNode, visit } from 'graphql';
import { AppError, badInput } from '../common/errors';
import { idempotencyKeyProblem } from '../idempotency/with-idempotency';

/**
 * The checks every GraphQL request passes before anything else runs (Apollo, the direct answers,
 * any resolver or SQL), one mechanism for every string a client sends, whatever field it is for:
 *
 * - No text holds a NUL character or a lone surrogate. PostgreSQL cannot store NUL in text or
 *   JSON, and a lone surrogate is not Unicode (the driver would send a replacement character, or
 *   jsonb would refuse it). Checked in every variable at any depth (JSONObject keys and values
 *   included), the document (its string literals' `\u0000` escapes, in arguments at any depth),
 *   the operation name and the extensions.
 * - No value nests deeper than `maxDepth` levels: variables, JSON and the document's literals
 *   (counted on its tokens), however deep, get this refusal before the JSON or the document is
 *   walked recursively by anyone (a document's selections too, with QUERY_TOO_DEEP).
 * - An `Idempotency-Key` header is 1 to 255 printable characters.
 *
 * A refusal is BAD_USER_INPUT with the path of the value: for a variable its name and the path
 * inside it (`["input", "lineItems", 0, "description"]`), for a literal the argument's path.
 */
export interface InputGuardOptions {
  /** Deepest nesting of a value (MAX_INPUT_DEPTH). */
  maxDepth: number;
  /** The field depth limit (MAX_DEPTH), reported when a document's selections nest past maxDepth. */
  maxSelectionDepth: number;
}

const BAD_TEXT = /\u0000|\p{Cs}/u;

function textProblem(text: string): string | undefined {
  const m = BAD_TEXT.exec(text);
  if (!m) return undefined;
  return m[0] === '\u0000' ? 'contains a NUL character (U+0000), which text cannot hold' : 'is not well-formed Unicode (a lone surrogate)';
}

const shownPath = (path: ReadonlyArray<string | number>) => (path.length ? path.join('.') : 'the request');

function textRefusal(problem: string, path: ReadonlyArray<string | number>): AppError {
  return badInput(`Text at ${shownPath(path)} ${problem}`, path);
}

function depthRefusal(maxDepth: number, path: ReadonlyArray<string | number>): AppError {
  const shown = path.length > 8 ? [...path.slice(0, 8), '...'] : path;
  return badInput(`Input nests deeper than ${maxDepth} levels (at ${shownPath(shown)})`, path, { limit: maxDepth });
}

interface Frame {
  value: unknown;
  key: string | number;
  parent: Frame | undefined;
  depth: number;
}

const pathOf = (frame: Frame): Array<string | number> => {
  const path: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f; f = f.parent) path.unshift(f.key);
  return path;
};

/**
 * The first bad string or too deep value in a JSON value, found without recursion (a value may
 * nest as deep as the body limit allows). `key` names the value itself (a variable's name).
 */
export function jsonValueRefusal(value: unknown, key: string | number, maxDepth: number): AppError | undefined {
  const stack: Frame[] = [{ value, key, parent: undefined, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return textRefusal(problem, pathOf(frame));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth >= maxDepth) return depthRefusal(maxDepth, pathOf(frame));
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: frame, depth });
    } else {
      for (const k of Object.keys(v)) {
        const problem = textProblem(k);
        if (problem) return badInput(`The key ${JSON.stringify(k.slice(0, 40))} at ${shownPath(pathOf(frame))} ${problem}`, [...pathOf(frame), k]);
        stack.push({ value: (v as Record<string, unknown>)[k], key: k, parent: frame, depth });
      }
    }
  }
  return undefined;
}

/**
 * The document's nesting, counted on its tokens (the lexer does not recurse; the parser and the
 * validation rules do): values inside argument lists and variable definitions may nest at most
 * `maxDepth` levels (BAD_USER_INPUT), selections at most as deep too (far above MAX_DEPTH, which
 * the depth rule enforces on fields: past `maxDepth` the same QUERY_TOO_DEEP comes from here,
 * before the parser runs out of stack). A document with at most `maxDepth` brackets in all needs
 * no lexing.
 */
function documentDepthRefusal(query: string, options: InputGuardOptions): AppError | undefined {
  const { maxDepth } = options;
  const selectionBound = Math.max(maxDepth, options.maxSelectionDepth);
  let brackets = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 123 || c === 91 || c === 40) brackets++;
  }
  if (brackets <= maxDepth) return undefined;
  const lexer = new Lexer(new Source(query));
  // For each open bracket: true when it opened inside an argument list (a value), false for a selection set.
  const open: boolean[] = [];
  let parens = 0;
  let values = 0;
  let selections = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      switch (token.kind) {
        case TokenKind.PAREN_L:
          parens++;
          break;
        case TokenKind.PAREN_R:
          parens--;
          break;
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L: {
          const value = parens > 0;
          open.push(value);
          if (value && ++values > maxDepth) {
            return badInput(`A value in the document nests deeper than ${maxDepth} levels (line ${token.line})`, undefined, { limit: maxDepth });
          }
          if (!value && ++selections > selectionBound) {
            return new AppError('QUERY_TOO_DEEP', `The operation nests more than ${selectionBound} levels deep; the limit is ${options.maxSelectionDepth}`,
              { limit: options.maxSelectionDepth, actual: selections });
          }
          break;
        }
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R:
          if (open.pop()) values--;
          else selections--;
          break;
        default:
      }
    }
  } catch {
    return undefined; // a syntax error: Apollo reports it as GRAPHQL_PARSE_FAILED
  }
  return undefined;
}

function literalRefusal(value: ValueNode, path: Array<string | number>): AppError | undefined {
  switch (value.kind) {
    case Kind.STRING: {
      const problem = textProblem(value.value);
      return problem ? textRefusal(problem, path) : undefined;
    }
    case Kind.LIST:
      for (const [i, item] of value.values.entries()) {
        const refused = literalRefusal(item, [...path, i]);
        if (refused) return refused;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const refused = literalRefusal(field.value, [...path, field.name.value]);
        if (refused) return refused;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A NUL can reach a string literal only as an escape (`\u0000`, `\u{0}`): a document without
 * `\u` needs no parsing here. Its depth is already bounded, so walking its values recursively is safe.
 */
function documentLiteralRefusal(query: string): AppError | undefined {
  if (!query.includes('\\u')) return undefined;
  let document;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return undefined; // Apollo reports the syntax error
  }
  let refused: AppError | undefined;
  const checkArguments = (args: ReadonlyArray<ArgumentNode> | undefined) => {
    for (const arg of args ?? []) refused ??= literalRefusal(arg.value, [arg.name.value]);
  };
  visit(document, {
    Field: (node) => checkArguments(node.arguments),
    Directive: (node) => checkArguments(node.arguments),
    VariableDefinition: (node) => {
      if (node.defaultValue) refused ??= literalRefusal(node.defaultValue, [node.variable.name.value]);
    },
  });
  return refused;
}

/** The refusal for one GraphQL request's parameters (a POST body's object, or a GET's query string). */
function parametersRefusal(params: Record<string, unknown>, options: InputGuardOptions): AppError | undefined {
  const { query, variables } = params;
  if (typeof query === 'string') {
    const problem = textProblem(query);
    if (problem) return textRefusal(problem, ['query']);
    const refused = documentDepthRefusal(query, options) ?? documentLiteralRefusal(query);
    if (refused) return refused;
  }
  if (variables && typeof variables === 'object' && !Array.isArray(variables)) {
    for (const [name, value] of Object.entries(variables)) {
      const refused = jsonValueRefusal(value, name, options.maxDepth);
      if (refused) return refused;
    }
  }
  for (const [name, value] of Object.entries(params)) {
    if (name === 'query' || name === 'variables') continue;
    const refused = jsonValueRefusal(value, name, options.maxDepth);
    if (refused) return refused;
  }
  return undefined;
}

/**
 * The refusal for a GraphQL request, or undefined when its input is fine. `body` is the parsed
 * JSON body of a POST (an object, or an array when batching), undefined for a GET.
 */
export function requestInputRefusal(req: IncomingMessage, url: URL, body: unknown, options: InputGuardOptions): AppError | undefined {
  const header = req.headers['idempotency-key'];
  if (header !== undefined) {
    const problem = idempotencyKeyProblem((Array.isArray(header) ? header.join(', ') : header).trim());
    if (problem) return badInput(`Idempotency-Key header: ${problem}`, undefined, { header: 'Idempotency-Key' });
  }
  if (req.method === 'GET') {
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    if (typeof params.variables === 'string') {
      try {
        params.variables = JSON.parse(params.variables);
      } catch {
        delete params.variables; // Apollo answers the malformed JSON
      }
    }
    return parametersRefusal(params, options);
  }
  if (Array.isArray(body)) {
    for (const [i, item] of body.entries()) {
      const refused = item && typeof item === 'object' && !Array.isArray(item) ? parametersRefusal(item as Record<string, unknown>, options) : jsonValueRefusal(item, i, options.maxDepth);
      if (refused) return refused;
    }
    return undefined;
  }
  if (body && typeof body === 'object') return parametersRefusal(body as Record<string, unknown>, options);
  if (typeof body === 'string') {
    const problem = textProblem(body);
    if (problem) return textRefusal(problem, []);
  }
  return undefined;
}
