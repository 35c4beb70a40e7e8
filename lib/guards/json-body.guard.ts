import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthErrorCode } from '../errors/auth-error-code.js';
import { AuthException } from '../errors/auth.exception.js';
import { headerOf, type HttpRequest } from '../request/http-request.js';

/** Whether the request carries a body at all, as HTTP/1.1 frames one. */
function hasBody(request: HttpRequest): boolean {
  const length = headerOf(request, 'content-length');
  return (
    headerOf(request, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0')
  );
}

/**
 * The auth routes take JSON bodies only: 415 `unsupported_media_type` for any other
 * `Content-Type`, or a body without one. A page of another site can send a form
 * (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`) without asking the
 * server first; only JavaScript can send `application/json` cross-site, and then the browser
 * asks first (CORS preflight). A route that reads no body (`DELETE /auth/sessions/:id`) follows
 * the same rule, so every auth route answers a form the same way.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const type = headerOf(request, 'content-type');
    const json = type?.split(';')[0].trim().toLowerCase() === 'application/json';
    if (type === undefined ? hasBody(request) : !json) {
      throw new AuthException(AuthErrorCode.UnsupportedMediaType);
    }
    return true;
  }
}
