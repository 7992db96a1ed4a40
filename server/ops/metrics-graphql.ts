import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import { graphqlDuration, graphqlErrors } from './metrics.js';

/** Operation names become label values: a bounded set of plain names, the rest counted together. */
const MAX_NAMES = 200;
const names = new Set<string>();

function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (names.has(name)) return name;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || names.size >= MAX_NAMES) return 'other';
  names.add(name);
  return name;
}

/** Apollo plugin: the duration of every GraphQL operation over HTTP, and the codes of the errors it answered with. */
export function graphqlMetricsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, document, request, response }) {
          // An operation that failed validation has no resolved name yet: take it from the parsed document.
          const name = operationName ?? (document ? getOperationAST(document, request.operationName)?.name?.value : null) ?? request.operationName;
          const operationLabelValue = operationLabel(name);
          graphqlDuration.observe({ operation: operationLabelValue, type: operation?.operation ?? 'invalid' }, (performance.now() - started) / 1000);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const e of errors ?? []) {
            const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
            graphqlErrors.inc({ operation: operationLabelValue, code });
          }
        },
      };
    },
  };
}
