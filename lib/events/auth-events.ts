import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type AuthEvent } from '../interfaces/auth-event.interface.js';
import { AuthMetrics } from '../metrics/auth-metrics.js';
import { type AuthEventEmitter, findEventEmitter } from './find-event-emitter.js';

/**
 * Counts events in the module's metrics, hands them to the `onAuthEvent` option and, when the app imported
 * `EventEmitterModule.forRoot()` (and `eventEmitter` is not `false`), emits them on its
 * EventEmitter2 under their names. A listener that throws or rejects is logged and never changes
 * the outcome of the request: an audit log must not break logins.
 */
@Injectable()
export class AuthEvents implements OnModuleInit {
  private readonly logger = new Logger('nest-jwt-auth');
  private eventEmitter: AuthEventEmitter | undefined;

  constructor(
    @Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly moduleRef: ModuleRef,
    private readonly metrics: AuthMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.eventEmitter) this.eventEmitter = await findEventEmitter(this.moduleRef);
  }

  emit(event: Omit<AuthEvent, 'at'>): void {
    this.metrics.event(event.name);
    const stamped: AuthEvent = { ...event, at: new Date() };
    const { onAuthEvent } = this.options;
    if (onAuthEvent) this.deliver('onAuthEvent', stamped, () => onAuthEvent(stamped));
    const eventEmitter = this.eventEmitter;
    if (eventEmitter) {
      this.deliver('EventEmitter2', stamped, () => eventEmitter.emitAsync(stamped.name, stamped));
    }
  }

  private deliver(to: string, event: AuthEvent, send: () => unknown): void {
    const report = (error: unknown) =>
      this.logger.error(`${to} failed for ${event.name}: ${String(error)}`);
    try {
      Promise.resolve(send()).catch(report);
    } catch (error) {
      report(error);
    }
  }
}
