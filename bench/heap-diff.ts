/**
 * `npx tsx bench/heap-diff.ts A.heapsnapshot B.heapsnapshot [--top 40]`
 *
 * What the live heap holds more of in B than in A (two V8 heap snapshots of the same process, e.g. the soak's
 * `--heap-snapshots`): objects grouped by constructor (or node type for strings, code, arrays…), count and self
 * size in each, sorted by growth; then, for the groups that grew most, who retains them (retainer group . edge
 * name), counted in B. Self sizes only: a snapshot already follows a full GC, so everything in it is live.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Parsed {
  /** Group of each node (index = node ordinal). */
  group: string[];
  self: Float64Array;
  snap: Snapshot;
}

function parse(file: string): Parsed {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const { node_fields, node_types } = snap.snapshot.meta;
  const nf = node_fields.length;
  const iType = node_fields.indexOf('type');
  const iName = node_fields.indexOf('name');
  const iSelf = node_fields.indexOf('self_size');
  const types = node_types[0];
  const n = snap.nodes.length / nf;
  const group = new Array<string>(n);
  const self = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const type = types[snap.nodes[i * nf + iType]!]!;
    const name = snap.strings[snap.nodes[i * nf + iName]!]!;
    group[i] = type === 'object' || type === 'native' ? name : type === 'closure' ? `(closure ${name || 'anonymous'})` : `(${type})`;
    self[i] = snap.nodes[i * nf + iSelf]!;
  }
  return { group, self, snap };
}

function totals(p: Parsed): Map<string, { count: number; bytes: number }> {
  const m = new Map<string, { count: number; bytes: number }>();
  p.group.forEach((g, i) => {
    const t = m.get(g) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += p.self[i]!;
    m.set(g, t);
  });
  return m;
}

/** For nodes of the given groups: how many edges from each (retainer group . edge name) point at them. */
function retainers(p: Parsed, wanted: Set<string>): Map<string, Map<string, number>> {
  const { meta } = p.snap.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const iEdgeCount = meta.node_fields.indexOf('edge_count');
  const iEType = meta.edge_fields.indexOf('type');
  const iEName = meta.edge_fields.indexOf('name_or_index');
  const iTo = meta.edge_fields.indexOf('to_node');
  const edgeTypes = meta.edge_types[0];
  const out = new Map<string, Map<string, number>>();
  let e = 0;
  for (let from = 0; from < p.group.length; from++) {
    const count = p.snap.nodes[from * nf + iEdgeCount]!;
    for (let k = 0; k < count; k++, e += ef) {
      const to = p.snap.edges[e + iTo]! / nf;
      const g = p.group[to]!;
      if (!wanted.has(g)) continue;
      const type = edgeTypes[p.snap.edges[e + iEType]!]!;
      if (type === 'weak') continue;
      const raw = p.snap.edges[e + iEName]!;
      const name = type === 'element' || type === 'hidden' ? '[]' : p.snap.strings[raw]!;
      const key = `${p.group[from]}.${name}`;
      const m = out.get(g) ?? new Map<string, number>();
      m.set(key, (m.get(key) ?? 0) + 1);
      out.set(g, m);
    }
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const topIndex = args.indexOf('--top');
const TOP = topIndex >= 0 ? Number(args[topIndex + 1]) : 40;
if (files.length !== 2) throw new Error('usage: heap-diff A.heapsnapshot B.heapsnapshot [--top N]');
const a = parse(files[0]!);
const ta = totals(a);
const b = parse(files[1]!);
const tb = totals(b);
const mb = (x: number) => (x / 1024 / 1024).toFixed(2);
const sum = (t: Map<string, { bytes: number }>) => [...t.values()].reduce((s, v) => s + v.bytes, 0);
console.log(`live heap A ${mb(sum(ta))} MB (${a.group.length} nodes), B ${mb(sum(tb))} MB (${b.group.length} nodes)\n`);
const rows = [...new Set([...ta.keys(), ...tb.keys()])].map((g) => {
  const x = ta.get(g) ?? { count: 0, bytes: 0 };
  const y = tb.get(g) ?? { count: 0, bytes: 0 };
  return { g, dc: y.count - x.count, db: y.bytes - x.bytes, x, y };
});
rows.sort((p, q) => q.db - p.db);
console.log('| group | count A | count B | Δ count | MB A | MB B | Δ MB |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows.slice(0, TOP)) {
  console.log(`| ${r.g.slice(0, 60)} | ${r.x.count} | ${r.y.count} | ${r.dc} | ${mb(r.x.bytes)} | ${mb(r.y.bytes)} | ${mb(r.db)} |`);
}
const grown = rows.slice(0, 12).filter((r) => r.db > 0);
const ret = retainers(b, new Set(grown.map((r) => r.g)));
console.log('\nWho retains the groups that grew most (in B, top edges):');
for (const r of grown) {
  const top = [...(ret.get(r.g) ?? new Map<string, number>()).entries()].sort((p, q) => q[1] - p[1]).slice(0, 6);
  console.log(`- ${r.g.slice(0, 60)} (+${mb(r.db)} MB): ${top.map(([k, v]) => `${k.slice(0, 70)} ×${v}`).join(', ')}`);
}
