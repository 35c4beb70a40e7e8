import { EventEmitter } from 'node:events';
import { jest } from '@jest/globals';
import { Cluster, Redis } from 'ioredis';
import {
  createRedisClient,
  followSlotLayout,
  isClusterConfig,
  isRedisClient,
} from './redis-client.js';

describe('createRedisClient', () => {
  const clients: (Redis | Cluster)[] = [];
  afterAll(() => clients.forEach((client) => client.disconnect()));
  const create = (...args: Parameters<typeof createRedisClient>) => {
    const client = createRedisClient(...args);
    clients.push(client);
    return client;
  };

  it('makes a lazy, fail-fast client from a URL', () => {
    const client = create('redis://127.0.0.1:6390/2') as Redis;
    expect(client).toBeInstanceOf(Redis);
    expect(client.status).toBe('wait');
    expect(client.options).toMatchObject({
      port: 6390,
      db: 2,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
    });
  });

  it('keeps Sentinel options, so ioredis asks the Sentinels for the master', () => {
    const sentinels = [{ host: '127.0.0.1', port: 26379 }];
    const client = create({ sentinels, name: 'auth', commandTimeout: 500 }) as Redis;
    expect(client.options).toMatchObject({
      sentinels,
      name: 'auth',
      commandTimeout: 500,
      enableOfflineQueue: false,
    });
  });

  it('makes a Cluster from seed nodes, failing fast and with timeouts on every node', () => {
    const client = create({
      cluster: ['127.0.0.1:7000', { host: '127.0.0.1', port: 7001 }],
      options: { scaleReads: 'slave', redisOptions: { password: 'secret' } },
    }) as Cluster;
    expect(client).toBeInstanceOf(Cluster);
    expect(client.isCluster).toBe(true);
    expect(client.status).toBe('wait');
    expect(client.options).toMatchObject({
      enableOfflineQueue: false,
      lazyConnect: true,
      scaleReads: 'slave',
      redisOptions: { connectTimeout: 2000, commandTimeout: 1000, password: 'secret' },
    });
  });
});

describe('isRedisClient and isClusterConfig', () => {
  it('tell a client the app made from options', () => {
    const redis = new Redis({ lazyConnect: true });
    const cluster = new Cluster([7000], { lazyConnect: true });
    try {
      expect([redis, cluster].map(isRedisClient)).toEqual([true, true]);
      expect(isRedisClient('redis://x')).toBe(false);
      expect(isRedisClient({ host: 'x' })).toBe(false);
      expect(isClusterConfig({ cluster: [7000] })).toBe(true);
      expect(isClusterConfig({ host: 'x' })).toBe(false);
      expect(isClusterConfig(cluster)).toBe(false);
    } finally {
      redis.disconnect();
      cluster.disconnect();
    }
  });
});

describe('followSlotLayout', () => {
  afterEach(() => jest.useRealTimers());

  /** A stand-in Cluster: its status, its refreshes, and its 'refresh' event. */
  function fakeCluster(status: string) {
    const cluster = Object.assign(new EventEmitter(), { status, refreshSlotsCache: jest.fn() });
    return { cluster, asCluster: cluster as unknown as Cluster };
  }

  it('reads the slot layout every second while the cluster is ready, until stopped', () => {
    jest.useFakeTimers();
    const { cluster, asCluster } = fakeCluster('connecting');
    const stop = followSlotLayout(asCluster);
    jest.advanceTimersByTime(2000);
    expect(cluster.refreshSlotsCache).not.toHaveBeenCalled();
    cluster.status = 'ready';
    jest.advanceTimersByTime(3000);
    expect(cluster.refreshSlotsCache).toHaveBeenCalledTimes(3);
    stop();
    jest.advanceTimersByTime(5000);
    expect(cluster.refreshSlotsCache).toHaveBeenCalledTimes(3);
    expect(cluster.listenerCount('refresh')).toBe(0);
  });

  it('adds no refresh while others keep the layout less than a second old', () => {
    jest.useFakeTimers();
    const { cluster, asCluster } = fakeCluster('ready');
    const stop = followSlotLayout(asCluster);
    for (let i = 0; i < 10; i++) {
      jest.advanceTimersByTime(900);
      cluster.emit('refresh');
    }
    expect(cluster.refreshSlotsCache).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    expect(cluster.refreshSlotsCache).toHaveBeenCalledTimes(1);
    stop();
  });

  it('never keeps the process alive', () => {
    const setInterval = jest.spyOn(global, 'setInterval');
    try {
      const stop = followSlotLayout(fakeCluster('ready').asCluster);
      const timer = setInterval.mock.results[0].value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      stop();
    } finally {
      setInterval.mockRestore();
    }
  });
});
