import { type DynamicModule } from '@nestjs/common';
import { type SampleConfig } from '../sample-config.js';

/** Where the sample serves GraphQL (and, outside production, GraphiQL for a browser). */
export const GRAPHQL_PATH = '/graphql';

/** Whether this configuration serves GraphQL. */
export function servesGraphQL(config: SampleConfig): boolean {
  // Apollo on Fastify needs @as-integrations/fastify, which the sample does not install.
  return config.httpAdapter !== 'fastify' && config.graphql !== false;
}

/**
 * The GraphQL module to import, or none. Loaded on demand: Apollo and graphql-js take 0.3 s to
 * load (0.5 s under Jest), which runs without GraphQL (Fastify, most tests) should not pay.
 */
export function sampleGraphQLImports(config: SampleConfig): Promise<DynamicModule>[] {
  if (!servesGraphQL(config)) return [];
  return [
    import('./sample-graphql.module.js').then((loaded) => loaded.sampleGraphQLModule(config)),
  ];
}
