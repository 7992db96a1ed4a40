/**
 * The in-memory implementation of the DocumentStorage port (port.ts), with the semantics of the SQL one: seqs per
 * document, atomic multi-document appends with second-writer detection, a snapshot that only moves forward. Each
 * method does its whole work without awaiting, so it is atomic as a transaction is. Several collab servers sharing
 * one MemoryDocumentStorage behave as several instances on one database. Bytes are copied in and out, as a
 * database would, so that no caller can change what is stored.
 *
 * For tests and tools: nothing survives the process.
 */
import type { BatchEntry, DocumentStorage, LoadedDocument, StoredUpdate } from './port.js';

interface StoredDocument {
  snapshot: { seq: number; state: Uint8Array } | null;
  /** Updates after the snapshot, by seq. */
  updates: StoredUpdate[];
}

const copy = (u: StoredUpdate): StoredUpdate => ({ ...u, data: u.data.slice() });

export class MemoryDocumentStorage implements DocumentStorage {
  private readonly docs = new Map<string, StoredDocument>();

  async load(docName: string): Promise<LoadedDocument> {
    const doc = this.docs.get(docName);
    const snapshot = doc?.snapshot ? { seq: doc.snapshot.seq, state: doc.snapshot.state.slice() } : null;
    const updates = (doc?.updates ?? []).map(copy);
    return { snapshot, updates, lastSeq: updates.length ? updates[updates.length - 1]!.seq : (snapshot?.seq ?? 0) };
  }

  async appendBatch(entries: readonly BatchEntry[]): Promise<number[][]> {
    const work = entries.filter((e) => e.updates.length > 0);
    if (new Set(work.map((e) => e.docName)).size !== work.length) throw new Error('appendBatch: one entry per document');
    const createdSeqs = new Map<string, number[]>();
    for (const e of work) {
      const doc = this.document(e.docName);
      const wanted = e.updates.map((_, i) => e.afterSeq + 1 + i);
      const taken = new Set(doc.updates.map((u) => u.seq));
      const collided = wanted.some((seq) => taken.has(seq)) || (doc.snapshot?.seq ?? 0) > e.afterSeq;
      // A second writer took one of our seqs or compacted past them: append after the highest stored seq.
      const first = collided ? highestSeq(doc) + 1 : e.afterSeq + 1;
      const seqs = e.updates.map((_, i) => first + i);
      doc.updates.push(...e.updates.map((u, i) => ({ seq: seqs[i]!, data: u.data.slice(), origin: u.origin, userId: u.userId })));
      if (!collided) doc.updates.sort((a, b) => a.seq - b.seq); // a writer ahead of the log leaves a gap, as SQL does
      createdSeqs.set(e.docName, seqs);
    }
    return entries.map((e) => (e.updates.length ? createdSeqs.get(e.docName)! : []));
  }

  async readAfter(docName: string, afterSeq: number): Promise<StoredUpdate[]> {
    return (this.docs.get(docName)?.updates ?? []).filter((u) => u.seq > afterSeq).map(copy);
  }

  async compact(docName: string, state: Uint8Array, uptoSeq: number): Promise<boolean> {
    const doc = this.document(docName);
    if (doc.snapshot && doc.snapshot.seq >= uptoSeq) return false;
    doc.snapshot = { seq: uptoSeq, state: state.slice() };
    doc.updates = doc.updates.filter((u) => u.seq > uptoSeq);
    return true;
  }

  private document(docName: string): StoredDocument {
    let doc = this.docs.get(docName);
    if (!doc) this.docs.set(docName, (doc = { snapshot: null, updates: [] }));
    return doc;
  }
}

function highestSeq(doc: StoredDocument): number {
  const last = doc.updates[doc.updates.length - 1]?.seq ?? 0;
  return Math.max(last, doc.snapshot?.seq ?? 0);
}
