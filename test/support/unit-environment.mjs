import net from 'node:net';
import { TestEnvironment } from 'jest-environment-node';

/** Where `socket.connect(...args)` goes: `net.connect` passes its arguments as one array. */
function targetOf(args) {
  const [first, second] = Array.isArray(args[0]) ? args[0] : args;
  if (typeof first === 'object' && first !== null) {
    return { port: Number(first.port), where: first.path ?? `${first.host}:${first.port}` };
  }
  return { port: Number(first), where: `${typeof second === 'string' ? second : ''}:${first}` };
}

/**
 * The unit project's environment. Unit specs need no Redis and no network: a connection to
 * anything but a server the spec listens on itself (supertest's) is refused at once, and the test
 * that was running, or the first one after a hook, fails naming it, instead of a spec that needs
 * Redis passing where one runs and hanging where none does. The environment's teardown puts `net`
 * back, so a worker that runs an end-to-end suite next connects as usual.
 */
export default class UnitEnvironment extends TestEnvironment {
  refused = [];
  reported = 0;
  ownPorts = new Set();
  original = { connect: net.Socket.prototype.connect, listen: net.Server.prototype.listen };

  async setup() {
    await super.setup();
    const { original, ownPorts, refused } = this;
    net.Server.prototype.listen = function (...args) {
      // First in line: whoever waits for 'listening' (supertest) connects from its listener.
      this.prependOnceListener('listening', () => ownPorts.add(this.address()?.port));
      return original.listen.apply(this, args);
    };
    net.Socket.prototype.connect = function (...args) {
      const { port, where } = targetOf(args);
      if (ownPorts.has(port)) return original.connect.apply(this, args);
      refused.push(where);
      throw new Error(`a unit spec connected to ${where}; what needs a server belongs in test/`);
    };
  }

  async teardown() {
    net.Socket.prototype.connect = this.original.connect;
    net.Server.prototype.listen = this.original.listen;
    await super.teardown();
  }

  handleTestEvent(event) {
    if (event.name !== 'test_done' || this.refused.length === this.reported) return;
    const where = this.refused.slice(this.reported).join(', ');
    this.reported = this.refused.length;
    event.test.errors.push(
      new Error(
        `Unit specs open no connections; this one connected to ${where}. Move what ` +
          'needs Redis or a network to test/*.redis-spec.ts or an e2e suite (CONTRIBUTING.md).',
      ),
    );
  }
}
