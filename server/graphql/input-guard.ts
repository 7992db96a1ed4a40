import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * Refuses text input no record can hold, before anything runs: U+0000 in a variable or in a string literal.
 * PostgreSQL refuses it in text columns, so without this check it would surface as a server error mid-operation.
 */
export function findForbiddenText(variables: unknown, document?: DocumentNode): string | null {
  const inValue = (value: unknown, path: string): string | null => {
    if (typeof value === 'string') return value.includes('\u0000') ? path : null;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = inValue(value[i], `${path}[${i}]`);
        if (found) return found;
      }
      return null;
    }
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        const found = inValue(v, path ? `${path}.${key}` : key);
        if (found) return found;
      }
    }
    return null;
  };
  const inVariables = inValue(variables ?? {}, '');
  if (inVariables) return `$${inVariables}`;
  return document && literalsHaveNul(document) ? 'a string literal' : null;
}

/** Documents already visited: Apollo and graphql-ws hand the same parsed document for the same query text. */
const literalChecked = new WeakMap<DocumentNode, boolean>();

function literalsHaveNul(document: DocumentNode): boolean {
  let found = literalChecked.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING](node) {
        if (node.value.includes('\u0000')) found = true;
      },
    });
    literalChecked.set(document, found);
  }
  return found;
}

export function forbiddenTextError(where: string): GraphQLError {
  return new GraphQLError(`Text may not contain the character U+0000 (NUL); found in ${where}.`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** The Apollo side of the check above; graphql-ws calls findForbiddenText in its onSubscribe. */
export function inputGuardPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where = findForbiddenText(request.variables, document);
          if (where) throw forbiddenTextError(where);
        },
      };
    },
  };
}
