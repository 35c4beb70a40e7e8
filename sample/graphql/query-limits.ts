import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  type GraphQLError,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/**
 * What one `/graphql` document may hold. Without limits one request of 5,000 aliases of a guarded
 * field runs its resolver, and the guard, 5,000 times. The sample's queries are 2 deep; the
 * introspection query of GraphiQL is about 200 tokens (and `__schema` is exempt from the depth).
 */
export const QUERY_LIMITS = { maxTokens: 1000, maxDepth: 10, maxAliases: 15 };

/**
 * graphql-js's own parser stops at `maxTokens`: what it refuses is never validated, so the work of
 * validating (quadratic in repeated fields) stays bounded too.
 */
export const queryParseOptions: ParseOptions = { maxTokens: QUERY_LIMITS.maxTokens };

/**
 * A refusal as a validation error of the request, which Apollo answers with HTTP 400 and
 * `GRAPHQL_VALIDATION_FAILED` before any resolver runs. The rules' default, throwing, would make
 * it a 500.
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => context?.reportError(error),
  ],
};

/** The depth and alias limits, as graphql validation rules. */
export const queryLimitRules: ValidationRule[] = [
  maxDepthRule({ n: QUERY_LIMITS.maxDepth, ...reportAsValidationError }),
  maxAliasesRule({ n: QUERY_LIMITS.maxAliases, ...reportAsValidationError }),
];
