import { type DynamicModule, Module } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { GRAPHQL_PATH } from './graphql-module.js';
import { ViewerResolver } from './viewer.resolver.js';

@Module({})
class SampleGraphQLModule {}

/** Apollo, code first, with the sample's resolvers. */
export function sampleGraphQLModule(): DynamicModule {
  return {
    module: SampleGraphQLModule,
    imports: [
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        path: GRAPHQL_PATH,
        // Built in memory at startup: the sample writes no schema file.
        autoSchemaFile: true,
      }),
    ],
    providers: [ViewerResolver],
  };
}
