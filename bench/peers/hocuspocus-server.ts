/**
 * Child process: Hocuspocus 3.4.4 with its SQLite database extension (3.4.4). Every setting is Hocuspocus' default
 * (debounce 2 s, maxDebounce 10 s, unloadImmediately) except the database file: the extension's default is
 * ":memory:", so the bench gives it a temporary file to make it durable like the other two.
 */
import { Server } from '@hocuspocus/server';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { gcHeap, serveIpc } from '../lib/child.js';

const database = process.env.BENCH_SQLITE_FILE ?? ':memory:';
const server = new Server({ address: '127.0.0.1', port: 0, quiet: true, stopOnSignals: true, extensions: [new SQLite({ database })] });
await server.listen(0);
serveIpc({ heap: () => gcHeap() });
process.send!({ type: 'ready', port: server.address.port });
