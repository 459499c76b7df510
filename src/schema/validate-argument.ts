import { getMetadataStorage, validate, ValidationError } from 'class-validator';
import type { GraphQLNamedType, GraphQLType } from 'graphql';
import { getNamedType } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { AppError } from '../common/errors';

export interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** Flattens class-validator's tree into {field: 'input.lineItems.0.quantity', message}. */
export function flattenValidationErrors(errors: ValidationErrorLike[], prefix: string[] = []): Array<{ field: string; path: string[]; message: string }> {
  return errors.flatMap((e) => {
    const path = [...prefix, e.property];
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field: path.join('.'), path, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], path)];
  });
}

const hasRulesCache = new Map<Function, boolean>();

/** Whether class-validator knows any rule for this input class (where-inputs have none: skip them cheaply). */
function hasRules(target: Function): boolean {
  let known = hasRulesCache.get(target);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false).length > 0;
    hasRulesCache.set(target, known);
  }
  return known;
}

/**
 * The argument's name, so that errors point at `input.amount` rather than `amount`: type-graphql
 * hands the validator the value but not the name, so find the argument whose GraphQL input type
 * is the class being validated (or the only object-valued argument).
 */
function argumentName(argType: Function, { info, args }: ResolverData<object>): string | undefined {
  const field = info.parentType.getFields()[info.fieldName];
  const objectArgs = field.args.filter((a) => args[a.name] !== null && typeof args[a.name] === 'object');
  if (objectArgs.length === 1) return objectArgs[0].name;
  const named = (t: GraphQLType): GraphQLNamedType => getNamedType(t);
  return objectArgs.find((a) => named(a.type).name === argType.name || named(a.type).name === `${argType.name}`.replace(/Input$/, '') + 'Input')?.name;
}

/**
 * type-graphql's `validateFn`: class-validator on every input object, failures as one
 * VALIDATION_FAILED error listing each field with its full path (`input.lineItems.0.quantity`).
 */
export async function validateArgument(argValue: unknown, argType: unknown, data: ResolverData<object>): Promise<void> {
  if (argValue === null || typeof argValue !== 'object' || typeof argType !== 'function' || !hasRules(argType)) return;
  const name = argumentName(argType, data);
  const errors: Problem[] = [];
  const items = Array.isArray(argValue) ? argValue.map((v, i) => [v, [i]] as const) : [[argValue, []] as const];
  for (const [value, index] of items) errors.push(...(await problemsOf(value, [...(name ? [name] : []), ...index])));
  if (errors.length) throw validationError(errors);
}

interface Problem { field: string; path: Array<string | number>; message: string }

async function problemsOf(value: unknown, prefix: Array<string | number>): Promise<Problem[]> {
  if (value === null || typeof value !== 'object') return [];
  const found: ValidationError[] = await validate(value, { forbidUnknownValues: false, skipMissingProperties: true, validationError: { target: false, value: false } });
  return flattenValidationErrors(found).map((f) => {
    const path = [...prefix, ...f.path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
    return { field: path.join('.'), path, message: f.message };
  });
}

function validationError(errors: Problem[]): AppError {
  return new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    path: errors[0].path,
    fields: errors.map(({ field, message }) => ({ field, message })),
  });
}

/** For an argument validated element by element instead (`@Arg(..., { validateFn: validatedApart })`). */
export const validatedApart = async (): Promise<void> => undefined;

/**
 * class-validator on each element of a list argument apart, for a mutation that answers per
 * element (createInvoices): index -> that element's VALIDATION_FAILED, its fields under `name.index`.
 */
export async function validateEach(values: readonly unknown[], name: string): Promise<Map<number, AppError>> {
  const failures = new Map<number, AppError>();
  for (const [index, value] of values.entries()) {
    const errors = await problemsOf(value, [name, index]);
    if (errors.length) failures.set(index, validationError(errors));
  }
  return failures;
}
