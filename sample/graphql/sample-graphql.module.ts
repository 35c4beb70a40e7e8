import { type DynamicModule, Module } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { type SampleConfig } from '../sample-config.js';
import { GRAPHQL_PATH } from './graphql-module.js';
import { queryLimitRules, queryParseOptions } from './query-limits.js';
import { ViewerResolver } from './viewer.resolver.js';

@Module({})
class SampleGraphQLModule {}

/**
 * Apollo, code first, with the sample's resolvers and query limits. In production its errors carry
 * no stack trace (with server paths) and no "Did you mean" hint, and it offers neither the schema
 * (introspection) nor GraphiQL. Set from `production`, not left to Apollo's reading of NODE_ENV.
 */
export function sampleGraphQLModule(config: SampleConfig): DynamicModule {
  const development = !config.production;
  return {
    module: SampleGraphQLModule,
    imports: [
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        path: GRAPHQL_PATH,
        // Built in memory at startup: the sample writes no schema file.
        autoSchemaFile: true,
        parseOptions: queryParseOptions,
        validationRules: queryLimitRules,
        includeStacktraceInErrorResponses: development,
        hideSchemaDetailsFromClientErrors: !development,
        introspection: development,
        graphiql: development,
      }),
    ],
    providers: [ViewerResolver],
  };
}
