/**
 * Where the collab server reports what metrics count (the host installs a sink; by default nothing happens).
 * Called at a few existing seams, so the hot paths pay one function call each.
 */
export interface CollabMetricsSink {
  /** An update applied to a loaded document (typed by a client, or a server transaction) is durable and broadcast. */
  updateApplied(source: 'client' | 'server'): void;
  /** A client update was refused: it failed validation (the connection is closed), or the document is read-only. */
  updateRefused(reason: 'invalid' | 'read-only'): void;
  /** One group commit: how long the write took, how many documents and updates it held, whether it failed. */
  groupCommit(seconds: number, documents: number, updates: number, failed: boolean): void;
  /** A document's batch is durable, `seconds` after its oldest update arrived (the log append latency). */
  appendDurable(seconds: number): void;
  /** A debounced run (the projection of a live text into its row) finished `seconds` after the first change. */
  projected(seconds: number): void;
}

const nothing = (): void => undefined;
const noSink: CollabMetricsSink = { updateApplied: nothing, updateRefused: nothing, groupCommit: nothing, appendDurable: nothing, projected: nothing };

export let collabMetrics: CollabMetricsSink = noSink;

/** Installs the process's sink (null: none). */
export function setCollabMetrics(sink: CollabMetricsSink | null): void {
  collabMetrics = sink ?? noSink;
}
