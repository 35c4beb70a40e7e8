import type * as SwaggerPackage from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';

/** `@nestjs/swagger`, an optional peer dependency: only ever loaded with `import()`. */
export type Swagger = typeof SwaggerPackage;

export const loadSwagger = (): Promise<Swagger> => import('@nestjs/swagger');

/** `options` of a property that may be absent. */
export const optional = (options: ApiPropertyOptions): ApiPropertyOptions =>
  // The object-schema branch of ApiPropertyOptions types `required` as a list of names.
  ({ ...options, required: false }) as ApiPropertyOptions;
