import { type LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what is logged at error level and above, for tests to assert. */
export class CapturingLogger implements LoggerService {
  readonly errors: unknown[][] = [];

  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}

  error(...message: unknown[]): void {
    this.errors.push(message);
  }

  fatal(...message: unknown[]): void {
    this.errors.push(message);
  }
}
