import { type ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/internal';
import { AuthException } from '../errors/auth.exception.js';
import { JsonBodyGuard } from './json-body.guard.js';

function contextOf(headers: Record<string, string>): ExecutionContext {
  return new ExecutionContextHost([{ method: 'POST', headers }, {}, () => undefined]);
}

const guard = new JsonBodyGuard();

describe('JsonBodyGuard', () => {
  it.each([
    ['JSON', { 'content-type': 'application/json', 'content-length': '2' }],
    ['JSON with a charset', { 'content-type': 'application/json; charset=utf-8' }],
    ['JSON in capitals', { 'content-type': 'Application/JSON' }],
    ['no body at all', {}],
    ['an empty body', { 'content-length': '0' }],
  ])('lets %s through', (_case, headers) => {
    expect(guard.canActivate(contextOf(headers))).toBe(true);
  });

  it.each([
    ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' }],
    ['a multipart form', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['text/plain, even empty', { 'content-type': 'text/plain', 'content-length': '0' }],
    ['a JSON look-alike', { 'content-type': 'application/json-seq' }],
    ['a vendor JSON type', { 'content-type': 'application/vnd.api+json' }],
    ['a body without a type', { 'content-length': '12' }],
    ['a chunked body without a type', { 'transfer-encoding': 'chunked' }],
  ])('refuses %s with 415 unsupported_media_type', (_case, headers) => {
    let error: unknown;
    try {
      guard.canActivate(contextOf(headers));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuthException);
    expect((error as AuthException).getResponse()).toMatchObject({
      statusCode: 415,
      error: 'Unsupported Media Type',
      code: 'unsupported_media_type',
    });
  });
});
