import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthException } from './auth.exception.js';

/**
 * Writes an {@link AuthException} as JSON and adds the RFC 6750 challenge to 401s. Nest's default
 * handler cannot set headers, and clients need `WWW-Authenticate` to tell a bad token from a
 * missing one.
 */
@Catch(AuthException)
export class AuthExceptionFilter implements ExceptionFilter<AuthException> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: AuthException, host: ArgumentsHost): void {
    const adapter = this.adapterHost.httpAdapter;
    const response = host.switchToHttp().getResponse();
    const status = exception.getStatus();
    if (status === 401) {
      adapter.setHeader(
        response,
        'WWW-Authenticate',
        `Bearer error="invalid_token", error_description="${exception.code}"`,
      );
    }
    adapter.reply(response, exception.getResponse(), status);
  }
}
