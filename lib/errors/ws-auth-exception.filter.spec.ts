import { jest } from '@jest/globals';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { AuthErrorCode } from './auth-error-code.js';
import { AuthException } from './auth.exception.js';
import { WsAuthExceptionFilter } from './ws-auth-exception.filter.js';

describe('WsAuthExceptionFilter', () => {
  it('emits the code, status and message as an exception event to the socket', () => {
    const client = { emit: jest.fn() };
    const host = new ExecutionContextHost([client, { room: 'a' }, 'join']);
    host.setType('ws');
    new WsAuthExceptionFilter().catch(new AuthException(AuthErrorCode.TokenExpired), host);
    expect(client.emit).toHaveBeenCalledTimes(1);
    expect(client.emit).toHaveBeenCalledWith('exception', {
      status: 'error',
      statusCode: 401,
      code: 'token_expired',
      message: 'The access token has expired: refresh it.',
      cause: { pattern: 'join', data: { room: 'a' } },
    });
  });
});
