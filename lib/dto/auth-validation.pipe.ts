import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      text.startsWith(error.property) ? `${parent ? `${parent}.` : ''}${text}` : `${path}: ${text}`,
    );
    return [...own, ...describe(error.children ?? [], path)];
  });
}

/**
 * class-validator pipe of the auth routes: strict (unknown fields are refused, nothing is
 * coerced) and failing with 400 `validation_failed` listing every problem.
 */
export function createAuthValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AuthException(
        AuthErrorCode.ValidationFailed,
        `The request body is invalid: ${describe(errors).join('; ')}.`,
      ),
  });
}
