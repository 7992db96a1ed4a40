import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const bySelection = new WeakMap<FieldNode, ReadonlySet<string>>();

/**
 * The names of the fields selected directly under the field being resolved, whatever their aliases, through inline
 * fragments and fragment spreads; `@skip`/`@include` are not evaluated (a field they leave out counts as selected).
 * For reading ahead only: a name too many costs a read the answer does not need, never a wrong answer. Kept per field
 * node: Apollo hands the same parsed document for the same query text, so a query's nodes are met again and again.
 */
export function selectedFields(info: Partial<Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>>): ReadonlySet<string> {
  const nodes = info.fieldNodes;
  if (!nodes?.length) return new Set();
  const single = nodes.length === 1 ? nodes[0]! : null;
  const cached = single && bySelection.get(single);
  if (cached) return cached;
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        walk(info.fragments?.[s.name.value]?.selectionSet);
      }
    }
  };
  for (const n of nodes) walk(n.selectionSet);
  if (single) bySelection.set(single, names);
  return names;
}
