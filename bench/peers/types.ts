/** What the load generator needs to know about a running peer. */
export type Wire = 'y-websocket' | 'hocuspocus';

export interface Peer {
  /** Short label used in RESULTS.md. */
  name: string;
  wire: Wire;
  /** ws:// base: y-websocket wire appends `/<docName>`; Hocuspocus multiplexes names over one URL. */
  wsUrl: string;
  /**
   * Several instances serving the same documents (motebok on PostgreSQL + Redis): the ws:// base of each, the first
   * equal to wsUrl. P1 spreads a document's clients over them, the typist on the first.
   */
  wsUrls?: string[];
  /** Bearer token for motebok when authentication exists in this checkout. */
  token?: string | null;
  /** The document of the 50-client case. */
  singleDoc: string;
  /** The documents of the multi-document case (at least the number asked for at start). */
  manyDocs: string[];
  /** Where text is typed: a Y.Text in the document (motebok: the decision of an agenda item). */
  textPath: { kind: 'root'; name: string } | { kind: 'minutes'; itemIdByDoc: Record<string, string> };
  /** The server's process id (its RSS is read from /proc). */
  pid?: number;
  /** Heap of the server process after gc (all peers run in children with --expose-gc). */
  heap?(): Promise<{ heapUsed: number }>;
  /** CPU time the server process(es) used so far, in ms (the bench reads /proc of its children). */
  cpuMs(): number;
  stop(): Promise<void>;
}
