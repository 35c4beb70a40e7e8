import { type ExecutionContext } from '@nestjs/common';

const SLOT = Symbol('nest-jwt-auth:oncePerOperation');

interface Slot {
  owner: object;
  value: unknown;
}

/**
 * `compute()`'s answer, computed once per GraphQL operation and `owner`, then reused by every
 * resolver of the operation: Nest runs guards once per resolver, and one request can name a
 * guarded field thousands of times (aliases). Kept under a symbol on the operation's context
 * object, which Apollo and Mercurius create once per HTTP request and graphql-ws once per
 * operation: on the request itself, every operation of a long-lived subscription socket would
 * share one upgrade request, and so one answer. Other handlers compute every time.
 */
export function oncePerOperation<T>(
  context: ExecutionContext,
  owner: object,
  compute: () => T | Promise<T>,
): T | Promise<T> {
  const operation =
    context.getType<string>() === 'graphql'
      ? context.getArgByIndex<{ [SLOT]?: Slot } | undefined>(2)
      : undefined;
  if (typeof operation !== 'object' || operation === null) return compute();
  const held = operation[SLOT];
  if (held?.owner === owner) return held.value as T | Promise<T>;
  const slot: Slot = { owner, value: compute() };
  operation[SLOT] = slot;
  if (slot.value instanceof Promise) {
    // Resolvers that run after it settled get the answer without a promise.
    slot.value.then(
      (settled) => (slot.value = settled),
      () => undefined,
    );
  }
  return slot.value as T | Promise<T>;
}
