import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS_URL } from '../support/redis.js';
import { RedisConnection } from '../../lib/store/redis-connection.js';

describe('RedisConnection', () => {
  const loggerError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  afterAll(() => {
    loggerError.mockRestore();
  });

  it('connects a client it creates from a URL, and closes it on shutdown', async () => {
    const connection = new RedisConnection(REDIS_URL, 'p:');
    expect(connection.keyPrefix).toBe('p:');
    await connection.onModuleInit();
    expect(connection.client.status).toBe('ready');
    expect(await connection.client.ping()).toBe('PONG');
    await connection.onApplicationShutdown();
    expect(connection.client.status).toBe('end');
  });

  it('creates a client from ioredis options too', async () => {
    const { port, hostname } = new URL(REDIS_URL);
    const connection = new RedisConnection({ host: hostname, port: Number(port) || 6379 }, 'p:');
    await connection.onModuleInit();
    try {
      expect(await connection.client.ping()).toBe('PONG');
    } finally {
      await connection.onApplicationShutdown();
    }
    expect(connection.client.status).toBe('end');
  });

  it('uses a client passed in as is, and leaves it open on shutdown', async () => {
    const client = new Redis(REDIS_URL);
    try {
      const connection = new RedisConnection(client, 'p:');
      expect(connection.client).toBe(client);
      await connection.onModuleInit();
      await connection.onApplicationShutdown();
      await client.ping();
      expect(client.status).toBe('ready');
    } finally {
      client.disconnect();
    }
  });

  it('shuts down twice without complaint', async () => {
    const connection = new RedisConnection(REDIS_URL, 'p:');
    await connection.onModuleInit();
    await connection.onApplicationShutdown();
    await expect(connection.onApplicationShutdown()).resolves.toBeUndefined();
  });

  describe('when Redis is unreachable', () => {
    const connection = new RedisConnection('redis://127.0.0.1:1', 'p:');

    afterAll(async () => {
      await connection.onApplicationShutdown();
    });

    it('starts anyway within ~2.5 s, logging the outage', async () => {
      loggerError.mockClear();
      const started = Date.now();
      await connection.onModuleInit();
      expect(Date.now() - started).toBeLessThan(2500);
      expect(connection.client.status).not.toBe('ready');
      expect(loggerError).toHaveBeenCalledWith(expect.stringContaining('Redis is not reachable'));
    });

    it('fails commands in under a second instead of queueing them', async () => {
      const started = Date.now();
      await expect(connection.client.get('anything')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('stops reconnecting on shutdown', async () => {
      const attempts: string[] = [];
      connection.client.on('reconnecting', () => attempts.push('reconnecting'));
      connection.client.on('connect', () => attempts.push('connect'));
      const started = Date.now();
      await connection.onApplicationShutdown();
      expect(Date.now() - started).toBeLessThan(1500);
      // The retry strategy retries at most every second: wait longer than that.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(attempts).toEqual([]);
    });
  });
});
