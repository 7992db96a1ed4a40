import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { NotFoundError, UniqueConstraintViolationException, ValidationError } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { isStorageFull, STORAGE_FULL_MESSAGE } from '../ops/storage-full.js';

interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

function flatten(errors: ClassValidatorError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((c) => (prefix ? `${prefix}.${c}` : c)),
    ...flatten(e.children ?? [], prefix ? `${prefix}.${e.property}` : e.property),
  ]);
}

/**
 * Every error leaves with `extensions.code` and a message a front-end can show. Errors we did not anticipate are
 * logged in full and reach the client only as INTERNAL_SERVER_ERROR with a neutral message.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const details = flatten((original.extensions.validationErrors ?? []) as ClassValidatorError[]);
      return {
        ...formatted,
        message: `Invalid input: ${details.join('; ') || 'check the values given'}.`,
        extensions: { code: 'BAD_USER_INPUT', details },
      };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...formatted, message: 'This would duplicate something that already exists.', extensions: { code: 'CONFLICT' } };
    }
    if (original instanceof NotFoundError) {
      return { ...formatted, message: 'Not found.', extensions: { code: 'NOT_FOUND' } };
    }
    if (original instanceof ValidationError) {
      return { ...formatted, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (isStorageFull(original)) {
      log.error({ err: original, path: formatted.path }, 'a write was refused: the disk is full');
      return { message: STORAGE_FULL_MESSAGE, path: formatted.path, locations: formatted.locations, extensions: { code: 'STORAGE_FULL' } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in GraphQL operation');
    return {
      message: 'Something went wrong on the server; the error has been logged. Please try again.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
