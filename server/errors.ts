import { GraphQLError } from 'graphql';

/** Machine-readable codes a front-end can switch on; every error the API returns carries one. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'MINUTES_LOCKED'
  | 'AGENDA_FROZEN'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_FILES'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'INTERNAL_SERVER_ERROR';

/** A business-rule failure with a message a secretary can read. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} does not exist.`, { id });
export const badInput = (message: string, field?: string) => new AppError('BAD_USER_INPUT', message, field ? { field } : {});
export const minutesLocked = (meetingLabel: string) =>
  new AppError('MINUTES_LOCKED', `The minutes of ${meetingLabel} are approved and locked; they can no longer be changed.`);
export const agendaFrozen = (meetingLabel: string) =>
  new AppError(
    'AGENDA_FROZEN',
    `The notice for ${meetingLabel} has been sent, so its agenda numbers are frozen: items can no longer be moved or removed.`,
  );
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const invalidState = (message: string) => new AppError('INVALID_STATE', message);
