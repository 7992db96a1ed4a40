import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Resolve = GraphQLFieldResolver<unknown, unknown>;
type Source = (root: unknown, args: unknown, ctx: unknown, info: unknown) => unknown;
type Param = { kind: string; index: number; propertyName?: string; getType?: () => unknown };

/** The options the schema was built with (type-graphql's buildSchema); these put work around every resolver. */
export interface ResolverWrapping {
  [option: string]: unknown;
  globalMiddlewares?: readonly unknown[];
  authChecker?: unknown;
  container?: unknown;
}

/**
 * Replaces type-graphql's resolver of a `@FieldResolver` method with a direct call where type-graphql's per-call work
 * is provably a no-op: no middleware, no roles, no global middleware or auth checker, the default container (one
 * instance of the resolver class, built without arguments), and parameters that are only `@Root()` (no property),
 * `@Ctx()` and `@Info()`. type-graphql then still builds a resolver-data object, looks the instance up in its
 * container and, in `getParams`, sorts the method's parameter list and maps it to a new array on every call — for
 * the nested meeting query ≈ 90 calls, ≈ 110 KB and ≈ 3 % of its CPU (bench/PROFILE-NOTES.md, p4c). Arguments
 * (`@Arg`, `@Args`: conversion and validation) keep type-graphql's path. `@Root()` with a reflected class is converted
 * by type-graphql unless it is already an instance of it; the direct call is taken only then, else the original runs.
 * Returns how many fields were replaced.
 */
export function leanFieldResolvers(schema: GraphQLSchema, resolverClasses: readonly unknown[], wrapping: ResolverWrapping): number {
  if (wrapping.globalMiddlewares?.length || wrapping.authChecker || wrapping.container) return 0;
  const storage = getMetadataStorage();
  let replaced = 0;
  for (const def of storage.fieldResolvers) {
    if (def.kind !== 'external' || !resolverClasses.includes(def.target)) continue;
    if (def.middlewares?.length || def.roles || def.target.length > 0) continue;
    const objectClass = def.getObjectType?.();
    const typeName = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    const field = isObjectType(type) ? type.getFields()[def.schemaName] : undefined;
    const method = (def.target.prototype as Record<string, unknown>)[def.methodName];
    if (!field?.resolve || typeof method !== 'function') continue;
    const lean = leanCall(def.target as Class, method as (...a: unknown[]) => unknown, (def.params ?? []) as Param[], field.resolve);
    if (!lean) continue;
    field.resolve = lean;
    replaced++;
  }
  return replaced;
}

type Class = abstract new (...args: never[]) => unknown;

function leanCall(target: Class, method: (...a: unknown[]) => unknown, params: Param[], original: Resolve): Resolve | null {
  const sorted = [...params].sort((a, b) => a.index - b.index);
  if (sorted.some((p, i) => p.index !== i)) return null;
  let rootClass: Class | null = null;
  const sources: Source[] = [];
  for (const p of sorted) {
    if (p.kind === 'context' && !p.propertyName) sources.push((_r, _a, c) => c);
    else if (p.kind === 'info') sources.push((_r, _a, _c, i) => i);
    else if (p.kind === 'root' && !p.propertyName) {
      const t = p.getType?.();
      if (t !== undefined && typeof t !== 'function') return null;
      rootClass = (t as Class | undefined) ?? null;
      sources.push((r) => r);
    } else return null;
  }
  const instance = new (target as new () => object)();
  const [s0, s1, s2] = sources;
  let call: Resolve;
  if (sources.length === 0) call = () => method.call(instance);
  else if (sources.length === 1) call = (r, a, c, i) => method.call(instance, s0!(r, a, c, i));
  else if (sources.length === 2) call = (r, a, c, i) => method.call(instance, s0!(r, a, c, i), s1!(r, a, c, i));
  else if (sources.length === 3) call = (r, a, c, i) => method.call(instance, s0!(r, a, c, i), s1!(r, a, c, i), s2!(r, a, c, i));
  else return null;
  if (!rootClass) return call;
  const cls = rootClass;
  return (r, a, c, i) => (r == null || r instanceof cls ? call(r, a, c, i) : original(r, a, c, i));
}
