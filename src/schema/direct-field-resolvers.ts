import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Kind = 'root' | 'context' | 'info';
interface ParamLike {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

/**
 * type-graphql calls every @FieldResolver through its generic pipeline (parameters sorted and
 * mapped into a new array, middleware dispatch) once per parent, so once per row of a page:
 * about 5 % of the CPU of executing Nue's seed query (BENCHMARKS.md, third round). A field resolver that takes only
 * @Root(), @Ctx() and @Info(), with no middleware and no roles, is called directly instead: the
 * same instance, the same method, the same arguments. A parent that is not yet an instance of
 * the @Root() class still takes the generic path, which converts it first.
 *
 * Only valid without global middlewares, which this schema does not use (root-field-guards.ts).
 */
export function callFieldResolversDirectly(schema: GraphQLSchema, instanceOf: (resolverClass: Function) => unknown): string[] {
  const storage = getMetadataStorage();
  const direct: string[] = [];
  for (const meta of storage.fieldResolvers) {
    if (meta.kind !== 'external' || meta.roles?.length || meta.middlewares?.length || !meta.params) continue;
    const params = [...(meta.params as ParamLike[])].sort((a, b) => a.index - b.index);
    const simple = params.every((p, i) => p.index === i && (p.kind === 'root' || p.kind === 'context' || p.kind === 'info') && !p.propertyName);
    if (!simple) continue;
    const objectClass = meta.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType)) continue;
    const field = type.getFields()[meta.schemaName];
    if (!field?.resolve) continue;
    const rootType = params.find((p) => p.kind === 'root')?.getType?.();
    field.resolve = directResolver(field.resolve, params.map((p) => p.kind as Kind), typeof rootType === 'function' ? rootType : undefined, () => {
      const instance = instanceOf(meta.target) as Record<string, (...args: unknown[]) => unknown>;
      return { instance, method: instance[meta.methodName] };
    });
    direct.push(`${type.name}.${field.name}`);
  }
  return direct;
}

function directResolver(
  generic: GraphQLFieldResolver<unknown, unknown>,
  kinds: Kind[],
  rootClass: Function | undefined,
  bind: () => { instance: object; method: (...args: unknown[]) => unknown },
): GraphQLFieldResolver<unknown, unknown> {
  let bound: ReturnType<typeof bind> | undefined;
  return (root, args, context, info) => {
    if (rootClass && !(root instanceof rootClass)) return generic(root, args, context, info);
    const { instance, method } = (bound ??= bind());
    const pick = (kind: Kind) => (kind === 'root' ? root : kind === 'context' ? context : info);
    switch (kinds.length) {
      case 0:
        return method.call(instance);
      case 1:
        return method.call(instance, pick(kinds[0]));
      case 2:
        return method.call(instance, pick(kinds[0]), pick(kinds[1]));
      default:
        return method.apply(instance, kinds.map(pick));
    }
  };
}
