import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { acceptsAsIs } from './string-field.decorator.js';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${parent ? `${parent}.` : ''}${text}` : `${path}: ${text}`,
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Nesting a body may have: our bodies are flat objects of strings (depth 1). */
const MAX_DEPTH = 8;

/**
 * Whether `body` nests objects or arrays deeper than {@link MAX_DEPTH}. Iterative and stopping at
 * the limit: class-transformer recurses through every level and overflows the stack on a few
 * thousand of them, so this runs first and must not recurse itself.
 */
function nestsTooDeep(body: object): boolean {
  const pending: [value: unknown, depth: number][] = [[body, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    for (const child of Object.values(value as object)) {
      if (typeof child !== 'object' || child === null) continue;
      if (depth === MAX_DEPTH) return true;
      pending.push([child, depth + 1]);
    }
  }
  return false;
}

function invalidBody(detail: string): AuthException {
  return new AuthException(
    AuthErrorCode.ValidationFailed,
    `The request body is invalid: ${detail}.`,
  );
}

/**
 * class-validator pipe of the auth routes: strict (unknown fields are refused, nothing is
 * coerced) and failing with 400 `validation_failed` listing every problem. A body must be a JSON
 * object; a missing one counts as `{}`, so `POST /auth/logout` works without a body.
 */
export class AuthValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      // Bodies are checked to be plain objects below; this flag would also refuse `{}` for
      // DTOs without fields.
      forbidUnknownValues: false,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidBody(describe(errors).join('; ')),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return super.transform(value, metadata);
    const body = value ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw invalidBody('it must be a JSON object');
    }
    // class-transformer drops these silently, so forbidNonWhitelisted never sees them.
    const smuggled = UNSAFE_KEYS.filter((key) => Object.hasOwn(body, key));
    if (smuggled.length > 0) {
      throw invalidBody(`property ${smuggled.join(', ')} should not exist`);
    }
    if (nestsTooDeep(body)) throw invalidBody(`it nests deeper than ${MAX_DEPTH} levels`);
    // A login or refresh as clients send it skips class-transformer and class-validator.
    const dto = metadata.metatype as (new () => object) | undefined;
    if (dto && acceptsAsIs(dto, body)) return Object.assign(new dto(), body);
    return super.transform(body, metadata);
  }
}
