/**
 * The SQL adapter of the minutes-text port (see minutes-text-port.ts): the targets in one SELECT (items joined with their meeting's status,
 * and the sub-items named), one UPDATE per changed row (only the columns that changed), one multi-row INSERT of the
 * audit entries, all with bound parameters on one knex transaction; statements are still reported to MikroORM's
 * logger (SQL counts in tests). Columns come from MikroORM's metadata, so the entities stay the one definition.
 */
import type { EntityManager, EntityProperty, MetadataStorage } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { AgendaItem, AuditEntry, Meeting, SubItem } from '../../schema/entities/index.js';
import { MeetingStatus, MinutesField } from '../../schema/enums.js';
import { formatItemNumber } from '../../schema/item-number.js';
import type { DecisionLike } from '../services/minutes-text-rules.js';
import type { MinutesTextStore, MinutesTextTransaction, TextAuditRow, TextHolderRow, TextItemRow, TextRowWrite } from '../services/minutes-text-port.js';

const AUDIT_PROPS = ['at', 'userId', 'meetingId', 'entity', 'entityId', 'action', 'summary', 'via'] as const;
const AUDITS_PER_INSERT = 500;

/** The minutes-text store on the database of `em` (SQLite or PostgreSQL). */
export function sqlMinutesTextStore(em: EntityManager): MinutesTextStore {
  const s = schemaOf(em.getMetadata());
  const platform = em.getPlatform();
  const logger = em.config.getLogger();
  const knex = (em.getConnection() as unknown as { getKnex(): Knex }).getKnex();
  const q = (n: string) => platform.quoteIdentifier(n);
  const run = <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
    // Inside the caller's transaction (an import) when there is one, else a transaction of its own.
    const current = em.getTransactionContext<Knex.Transaction>();
    return current ? fn(current) : knex.transaction(fn);
  };
  return {
    transaction: (fn) =>
      run(async (trx) => {
        const raw = async (sql: string, params: readonly unknown[]) => {
          const started = Date.now();
          const rows = rowsOf(await trx.raw(sql, params as Knex.RawBinding[]));
          logger.logQuery({ query: sql, took: Date.now() - started, results: rows.length, level: 'info' });
          return rows;
        };
        const tx: MinutesTextTransaction = {
          async load(itemIds, letters) {
            const itemCols = ['id', 'meeting', 'sequence', 'year', 'numberSuffix', 'notes'].map((p) => `i.${q(s.item.col(p))} as ${q(`i_${p}`)}`);
            const subCols = ['id', 'letter', 'notes'].map((p) => `s.${q(s.sub.col(p))} as ${q(`s_${p}`)}`);
            const decisionCols = (alias: string, t: TableOf) => s.decisionProps.map((p) => `${alias}.${q(t.decision[p]!)} as ${q(`${alias}_d_${p}`)}`);
            const rows = await raw(
              `select ${[...itemCols, ...decisionCols('i', s.item), `m.${q(s.meetingStatus)} as ${q('m_status')}`, ...subCols, ...decisionCols('s', s.sub)].join(', ')} ` +
                `from ${q(s.item.table)} i join ${q(s.meetingTable)} m on m.${q(s.meetingId)} = i.${q(s.item.col('meeting'))} ` +
                (letters.length
                  ? `left join ${q(s.sub.table)} s on s.${q(s.sub.col('agendaItem'))} = i.${q(s.item.col('id'))} and s.${q(s.sub.col('letter'))} in (${marks(letters.length)}) `
                  : `left join ${q(s.sub.table)} s on 1 = 0 `) +
                `where i.${q(s.item.col('id'))} in (${marks(itemIds.length)})`,
              [...letters, ...itemIds],
            );
            const items = new Map<string, TextItemRow>();
            const subs = new Map<string, TextHolderRow>();
            for (const r of rows) {
              const id = String(r.i_id);
              if (!items.has(id)) {
                items.set(id, {
                  kind: 'AgendaItem',
                  id,
                  meetingId: String(r.i_meeting),
                  number: formatItemNumber(Number(r.i_sequence), Number(r.i_year), (r.i_numberSuffix as string | null) ?? ''),
                  locked: r.m_status === MeetingStatus.MINUTES_APPROVED,
                  notes: (r.i_notes as string | null) ?? null,
                  decision: decisionOf(r, 'i', s.decisionProps),
                });
              }
              if (r.s_id != null) {
                subs.set(`${id}|${String(r.s_letter)}`, {
                  kind: 'SubItem',
                  id: String(r.s_id),
                  notes: (r.s_notes as string | null) ?? null,
                  decision: decisionOf(r, 's', s.decisionProps),
                });
              }
            }
            return { items, subs };
          },

          async write(writes: readonly TextRowWrite[], audits: readonly TextAuditRow[], at: Date) {
            const now = platform.processDateProperty(at);
            for (const { row, fields, decisionDropped } of writes) {
              const t = row.kind === 'AgendaItem' ? s.item : s.sub;
              // Only the columns that changed, as the unit of work would (a concurrent change to the other field stays).
              const sets: string[] = [`${q(t.col('updatedAt'))} = ?`];
              const params: unknown[] = [now];
              if (fields.has(MinutesField.NOTES)) {
                sets.push(`${q(t.col('notes'))} = ?`);
                params.push(row.notes);
              }
              if (fields.has(MinutesField.DECISION)) {
                for (const p of s.decisionProps) {
                  // A decision that stays keeps its adoption and vote; one dropped (even if typed again since) loses them.
                  if (p !== 'text' && row.decision && !decisionDropped) continue;
                  sets.push(`${q(t.decision[p]!)} = ?`);
                  params.push(p === 'text' ? (row.decision?.text ?? null) : null);
                }
              }
              await raw(`update ${q(t.table)} set ${sets.join(', ')} where ${q(t.col('id'))} = ?`, [...params, row.id]);
            }
            for (let i = 0; i < audits.length; i += AUDITS_PER_INSERT) {
              const part = audits.slice(i, i + AUDITS_PER_INSERT);
              await raw(
                `insert into ${q(s.audit.table)} (${AUDIT_PROPS.map((p) => q(s.audit.col(p))).join(', ')}) values ${part.map(() => `(${marks(AUDIT_PROPS.length)})`).join(', ')}`,
                part.flatMap((a) => AUDIT_PROPS.map((p) => (p === 'at' ? platform.processDateProperty(a.at) : a[p]))),
              );
            }
          },
        };
        return fn(tx);
      }),
  };
}

function decisionOf(row: Record<string, unknown>, alias: string, props: readonly string[]): DecisionLike | null {
  if (props.every((p) => row[`${alias}_d_${p}`] == null)) return null;
  return {
    text: (row[`${alias}_d_text`] as string | null) ?? '',
    adoptedAt: row[`${alias}_d_adoptedAt`] ?? null,
    voteOutcome: row[`${alias}_d_voteOutcome`] ?? null,
  };
}

interface TableOf {
  table: string;
  col(property: string): string;
  /** Column of each property of the embedded decision. */
  decision: Record<string, string>;
}

interface Schema {
  item: TableOf;
  sub: TableOf;
  audit: TableOf;
  meetingTable: string;
  meetingId: string;
  meetingStatus: string;
  /** The decision embeddable's properties (the same for items and sub-items), 'text' among them. */
  decisionProps: string[];
}

const schemas = new WeakMap<MetadataStorage, Schema>();

function schemaOf(metadata: MetadataStorage): Schema {
  let schema = schemas.get(metadata);
  if (schema) return schema;
  const tableOf = (name: string): TableOf => {
    const meta = metadata.get(name);
    const decision: Record<string, string> = {};
    for (const p of meta.props as EntityProperty[]) {
      if (p.embedded?.[0] === 'decision' && p.fieldNames?.length === 1) decision[p.embedded[1]] = p.fieldNames[0]!;
    }
    return {
      table: meta.tableName,
      col(property: string) {
        const prop = meta.properties[property as never] as EntityProperty | undefined;
        if (!prop?.fieldNames?.length) throw new Error(`${name}.${property} has no column`);
        return prop.fieldNames[0]!;
      },
      decision,
    };
  };
  const item = tableOf(AgendaItem.name);
  const sub = tableOf(SubItem.name);
  const meeting = tableOf(Meeting.name);
  const decisionProps = Object.keys(item.decision);
  if (!decisionProps.includes('text') || decisionProps.some((p) => !sub.decision[p])) {
    throw new Error('AgendaItem and SubItem must embed the same Decision');
  }
  schema = {
    item,
    sub,
    audit: tableOf(AuditEntry.name),
    meetingTable: meeting.table,
    meetingId: meeting.col('id'),
    meetingStatus: meeting.col('status'),
    decisionProps,
  };
  schemas.set(metadata, schema);
  return schema;
}

function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** knex.raw's result: an array of rows (libsql) or a pg result ({ rows }). */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return (result as { rows?: Array<Record<string, unknown>> } | undefined)?.rows ?? [];
}
