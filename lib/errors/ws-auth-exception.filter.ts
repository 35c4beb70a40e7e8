import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';

/** What a socket.io client receives as its `exception` event when a message is refused. */
export interface WsAuthErrorPayload {
  /** As in Nest's own WebSocket exceptions. */
  status: 'error';
  statusCode: number;
  code: AuthErrorCode;
  message: string;
  /** The refused message: its event name and data, as Nest's own filter reports them. */
  cause: { pattern: string; data: unknown };
}

/**
 * Sends an {@link AuthException} of a gateway's handler to the socket as an `exception` event
 * with our stable code. Nest applies no global filter to gateways, so without this one a refused
 * message reaches the client as `Internal server error`. Apply it where the guard is:
 * `@UseFilters(WsAuthExceptionFilter)` on the gateway.
 */
@Catch(AuthException)
export class WsAuthExceptionFilter implements ExceptionFilter<AuthException> {
  catch(exception: AuthException, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const { statusCode, code, message } = exception.getResponse();
    const payload: WsAuthErrorPayload = {
      status: 'error',
      statusCode,
      code,
      message,
      cause: { pattern: ws.getPattern(), data: ws.getData() },
    };
    ws.getClient<{ emit(event: string, payload: WsAuthErrorPayload): unknown }>().emit(
      'exception',
      payload,
    );
  }
}
