import { importOptionalPeer } from './import-optional-peer.js';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('importOptionalPeer', () => {
  it('resolves the module when it is installed', async () => {
    const module = { EventEmitter2: class {} };
    await expect(importOptionalPeer('@nestjs/event-emitter', async () => module)).resolves.toBe(
      module,
    );
  });

  it.each([
    [
      'Node',
      failure(
        'ERR_MODULE_NOT_FOUND',
        "Cannot find package '@nestjs/swagger' imported from /app/node_modules/nest-jwt-auth/dist/lib/openapi/x.js",
      ),
    ],
    ['Jest', failure('MODULE_NOT_FOUND', "Cannot find module '@nestjs/swagger' from 'x.ts'")],
  ])('resolves undefined when %s reports the peer is not installed', async (_, error) => {
    await expect(
      importOptionalPeer('@nestjs/swagger', () => Promise.reject(error)),
    ).resolves.toBeUndefined();
  });

  it('rejects when the peer is installed but one of its own dependencies is missing', async () => {
    const error = failure(
      'ERR_MODULE_NOT_FOUND',
      "Cannot find package 'swagger-ui-dist' imported from /app/node_modules/@nestjs/swagger/dist/index.js",
    );
    await expect(importOptionalPeer('@nestjs/swagger', () => Promise.reject(error))).rejects.toBe(
      error,
    );
  });

  it('rejects when loading fails for another reason', async () => {
    const error = new SyntaxError('Unexpected token');
    await expect(importOptionalPeer('@nestjs/swagger', () => Promise.reject(error))).rejects.toBe(
      error,
    );
  });
});
