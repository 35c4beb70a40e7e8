#!/usr/bin/env node
// Runs a command with REDIS_URL pointing at a real Redis: the one given in REDIS_URL, else the one
// on 127.0.0.1:6379, else a redis-server started here on a free port (and stopped afterwards).
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

function ping(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedisServer() {
  if (spawnSync('redis-server', ['--version']).error) {
    console.error(
      'No Redis for the tests: REDIS_URL is unset, nothing answers on 127.0.0.1:6379 and ' +
        'redis-server is not installed. Install it (apt-get install redis-server) or set REDIS_URL.',
    );
    process.exit(1);
  }
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await ping(port)) return { server, url: `redis://127.0.0.1:${port}` };
    await sleep(100);
  }
  server.kill();
  console.error(`redis-server did not answer on port ${port} within 5 s.`);
  process.exit(1);
}

const [command, ...args] = process.argv.slice(2);
let redisServer;
let url = process.env.REDIS_URL;
if (!url) {
  if (await ping(6379)) {
    url = DEFAULT_URL;
  } else {
    ({ server: redisServer, url } = await startRedisServer());
    console.log(`Started redis-server for the tests at ${url}`);
  }
}
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, REDIS_URL: url } });
child.on('exit', (code, signal) => {
  redisServer?.kill();
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
