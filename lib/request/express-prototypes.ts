import { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';

/** What {@link presetExpressPrototypes} needs of Nest's HTTP adapter (`app.getHttpAdapter()`). */
export interface ExpressAdapterLike {
  getType(): string;
  getInstance<T = unknown>(): T;
  getHttpServer(): unknown;
}

/** The prototypes Express gives every request and response of the app. */
interface ExpressAppLike {
  request?: unknown;
  response?: unknown;
}

/** Servers already preset: every module instance of an app (tenants, tests) shares one. */
const preset = new WeakSet<object>();

/**
 * Where a Node server keeps the classes it builds requests and responses with (what
 * `http.createServer()`'s `IncomingMessage` and `ServerResponse` options set). Node names the
 * symbols but does not export them; without them there is nothing to preset.
 */
function classKey(server: object, name: string): symbol | undefined {
  return Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === name);
}

/** Node's request and response classes are functions that also run without `new`. */
type LegacyConstructor = (this: object, ...args: unknown[]) => void;

const isClass = (constructor: LegacyConstructor) =>
  Function.prototype.toString.call(constructor).startsWith('class');

/**
 * `base`, building objects whose prototype is `prototype` (which must inherit from `base`'s).
 * `base` runs on the new object as a function: V8 builds what `Reflect.construct()` makes for
 * another `newTarget` with a new hidden class each time, which is the problem this solves.
 */
function withPrototype(base: LegacyConstructor, prototype: object): LegacyConstructor {
  const derived = function (this: object, ...args: unknown[]) {
    base.apply(this, args);
  };
  derived.prototype = prototype;
  return derived;
}

/**
 * Makes the app's HTTP server build each request and response with Express's prototypes
 * (`app.request`, `app.response`) from the start. Express sets them on every request with
 * `Object.setPrototypeOf()`, and V8 then gives that object a hidden class of its own: every
 * property Express, the guard or the app adds to it builds a new one, and every property access
 * on it misses V8's inline caches. Built with them, Express's `setPrototypeOf()` changes nothing
 * and the objects share their hidden classes: Nest's Express sample answers 2.4 to 3.2 times as
 * many requests per CPU second (docs/performance.md).
 *
 * Only Express on Node's own request and response classes is changed: a server built with other
 * classes, Fastify, or a Node that does not name them is left as it is (returns false).
 * Idempotent. `AuthModule` calls it at start unless `presetExpressPrototypes` is `false`.
 */
export function presetExpressPrototypes(adapter: ExpressAdapterLike | undefined): boolean {
  if (adapter?.getType() !== 'express') return false;
  const server = adapter.getHttpServer();
  if (typeof server !== 'object' || server === null) return false;
  if (preset.has(server)) return true;
  const { request, response } = adapter.getInstance<ExpressAppLike>();
  if (!(request instanceof IncomingMessage) || !(response instanceof ServerResponse)) return false;
  const requestKey = classKey(server, 'IncomingMessage');
  const responseKey = classKey(server, 'ServerResponse');
  const classes = server as Record<symbol, unknown>;
  if (!requestKey || !responseKey) return false;
  if (classes[requestKey] !== IncomingMessage || classes[responseKey] !== ServerResponse) {
    return false;
  }
  const [requestClass, responseClass] = [IncomingMessage, ServerResponse] as unknown[] as [
    LegacyConstructor,
    LegacyConstructor,
  ];
  if (isClass(requestClass) || isClass(responseClass)) return false;
  classes[requestKey] = withPrototype(requestClass, request);
  classes[responseKey] = withPrototype(responseClass, response);
  preset.add(server);
  return true;
}

/** Presets the prototypes once the app's server exists, before it takes any request. */
@Injectable()
export class ExpressPrototypes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: { presetExpressPrototypes: boolean },
  ) {}

  onModuleInit(): void {
    if (this.options.presetExpressPrototypes) {
      presetExpressPrototypes(this.adapterHost?.httpAdapter);
    }
  }
}
