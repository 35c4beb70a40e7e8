import { Inject, Injectable, Logger } from '@nestjs/common';
import { RESOLVED_AUTH_OPTIONS } from '../auth.constants.js';
import { type ResolvedAuthOptions } from '../options/resolved-auth-options.js';
import { type AuthEvent } from './auth-event.js';

/**
 * Hands events to the `onAuthEvent` option. A listener that throws or rejects is logged and
 * never changes the outcome of the request: an audit log must not break logins.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('nest-jwt-auth');

  constructor(@Inject(RESOLVED_AUTH_OPTIONS) private readonly options: ResolvedAuthOptions) {}

  emit(event: Omit<AuthEvent, 'at'>): void {
    const listener = this.options.onAuthEvent;
    if (!listener) return;
    const report = (error: unknown) =>
      this.logger.error(`onAuthEvent failed for ${event.name}: ${String(error)}`);
    try {
      Promise.resolve(listener({ ...event, at: new Date() })).catch(report);
    } catch (error) {
      report(error);
    }
  }
}
