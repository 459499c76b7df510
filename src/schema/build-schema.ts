import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema, ContainerType } from 'type-graphql';
import { AppDeps } from '../app-deps';
import { DateTimeScalar } from '../common/scalars';
import { guardRootFields } from './root-field-guards';
import { validateArgument } from './validate-argument';

/**
 * Resolvers are found by file name (`*.resolver.ts`), so each domain adds its own without a
 * central list. type-graphql 2 dropped glob support, hence this small loader.
 */
export function loadResolvers(): [Function, ...Function[]] {
  const ext = __filename.endsWith('.ts') ? '.resolver.ts' : '.resolver.js';
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(ext)) files.push(full);
    }
  };
  walk(path.join(__dirname, '..'));
  const classes = files.sort().flatMap((file) =>
    Object.values(require(file) as Record<string, unknown>).filter((v): v is Function => typeof v === 'function' && /Resolver$/.test(v.name)),
  );
  if (classes.length === 0) throw new Error('No resolvers found');
  return classes as [Function, ...Function[]];
}

/** Builds each resolver class once with the process's dependencies (constructor(deps)). */
class DepsContainer implements ContainerType {
  private readonly instances = new Map<Function, unknown>();
  constructor(private readonly deps: AppDeps | undefined) {}

  get(someClass: new (deps: AppDeps) => unknown): unknown {
    let instance = this.instances.get(someClass);
    if (!instance) {
      if (!this.deps) throw new Error('Schema was built without dependencies (schema printing only)');
      instance = new someClass(this.deps);
      this.instances.set(someClass, instance);
    }
    return instance;
  }
}

export async function buildAppSchema(deps?: AppDeps): Promise<GraphQLSchema> {
  const container = new DepsContainer(deps);
  const schema = await buildSchema({
    resolvers: loadResolvers(),
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // class-validator on every input, with errors naming the argument (src/schema/validate-argument.ts).
    validateFn: validateArgument,
    container,
  });
  return guardRootFields(schema);
}

/** The SDL committed as schema.graphql; sorted so that it is stable across builds. */
export async function printAppSchema(): Promise<string> {
  const schema = await buildAppSchema();
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
