import { GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';

/** Every type, field, argument (`Type.field(arg)`) and enum value of a schema, one name per line (their types left out). */
export function schemaSurface(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) out.push(`${type.name}.${f.name}`, ...f.args.map((a) => `${type.name}.${f.name}(${a.name})`));
    } else if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) out.push(`${type.name}.${f.name}`);
    } else if (isEnumType(type)) {
      for (const v of type.getValues()) out.push(`${type.name}.${v.name}`);
    } else out.push(type.name);
  }
  return out.sort();
}
