/** Whether an error (or what caused it) says the database's disk is full: SQLite's SQLITE_FULL, PostgreSQL's 53100. */
export function isStorageFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_FULL' || code === '53100' || code === 'ENOSPC') return true;
    if (typeof message === 'string' && /database or disk is full|no space left on device|could not extend file/i.test(message)) return true;
  }
  return false;
}

export const STORAGE_FULL_MESSAGE =
  "The server's disk is full, so this change was not saved (nothing saved earlier is affected). Try again once space has been freed.";
