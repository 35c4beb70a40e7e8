/** A clock tests can move: real time plus an offset (the `clock` option of the module). */
export class TestClock {
  private offsetMs = 0;

  /** The time in epoch milliseconds; pass it as the `clock` option. */
  readonly now = (): number => Date.now() + this.offsetMs;

  /** Moves the clock forward, e.g. past an access token's expiry. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
