/**
 * Uploading vedlegg: POST /meetings/:id/attachments as multipart/form-data through XMLHttpRequest, whose upload
 * progress events fetch() does not give. The token goes in the Authorization header, never in the URL. A refusal
 * comes back as `{ error: { code, message, maxBytes? } }` and is thrown as an ApiError with that code.
 */
import { ApiError } from './api.js';
import { currentSession } from './auth.js';
import type { AttachmentInfo } from './queries.js';

export interface UploadFields {
  agendaItemIds: string[];
  public: boolean;
  legalBasis?: string;
}

/** A refused upload: its code (FILE_TOO_LARGE …) and, for a file too large, the server's limit in bytes. */
export class UploadError extends ApiError {
  constructor(
    message: string,
    code: string,
    status: number,
    readonly maxBytes: number | null,
  ) {
    super(message, code, status);
    this.name = 'UploadError';
  }
}

/** Sends one file; `onProgress(sent, total)` as its bytes leave the browser. Resolves to the new vedlegg. */
export function uploadFile(meetingId: string, file: File, fields: UploadFields, onProgress: (sent: number, total: number) => void): Promise<AttachmentInfo> {
  const form = new FormData();
  for (const id of fields.agendaItemIds) form.append('agendaItemIds', id);
  form.append('public', String(fields.public));
  if (!fields.public && fields.legalBasis) form.append('legalBasis', fields.legalBasis);
  form.append('file', file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/meetings/${encodeURIComponent(meetingId)}/attachments`);
    const token = currentSession()?.token;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      const body = xhr.response as { attachments?: Array<Record<string, unknown>>; error?: { code?: string; message?: string; maxBytes?: number } } | null;
      if (xhr.status === 201 && body?.attachments?.[0]) {
        const a = body.attachments[0];
        resolve({ ...(a as unknown as AttachmentInfo), downloadPath: `/attachments/${String(a.id)}/file` });
        return;
      }
      const err = body?.error;
      reject(new UploadError(err?.message ?? `HTTP ${xhr.status}`, err?.code ?? (xhr.status === 413 ? 'FILE_TOO_LARGE' : 'INTERNAL_SERVER_ERROR'), xhr.status, err?.maxBytes ?? null));
    });
    // No answer at all (network down, or the server closed a refused upload before reading it): as fetch() says it.
    xhr.addEventListener('error', () => reject(new TypeError('network error')));
    xhr.addEventListener('abort', () => reject(new UploadError('Opplastingen ble avbrutt.', 'ABORTED', 0, null)));
    xhr.send(form);
  });
}
