import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLContext } from './context.js';
import { specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

/**
 * Limits every operation must stay within, checked during validation, before anything runs: nesting depth,
 * aliases, a cost estimate, directives and tokens. The deepest real query (a meeting with everything nested) is
 * about 7 levels and a few hundred tokens.
 */
export const operationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 20_000,
  maxDirectives: 20,
  maxTokens: 4_000,
};

export function createLimits(exposeSuggestions: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: operationLimits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: operationLimits.maxAliases },
    costLimit: { maxCost: operationLimits.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: operationLimits.maxDirectives },
    // Tokens are counted by graphql-js's own parser (Apollo's parseOptions below): Armor's Apollo plugin re-parses in
    // a plugin hook, and anything thrown there, even a plain syntax error, leaves as HTTP 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: !exposeSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    /** For Apollo Server (HTTP). Armor's typings point at Apollo's CommonJS build; the plugins are the same objects. */
    plugins: plugins as unknown as ApolloServerPlugin<GraphQLContext>[],
    validationRules,
    /** For Apollo Server: a document over the token limit fails to parse (GRAPHQL_PARSE_FAILED, HTTP 400). */
    parseOptions: { maxTokens: operationLimits.maxTokens },
    /** The same rules for graphql-ws (subscriptions). */
    validate(schema: GraphQLSchema, document: DocumentNode) {
      return validate(schema, document, [...specifiedRules, ...(validationRules as ValidationRule[])]);
    },
  };
}
