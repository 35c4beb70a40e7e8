/** Polls `check` every 2 ms until it holds or `timeoutMs` passes; returns the ms it took. */
export async function within(
  timeoutMs: number,
  check: () => boolean | Promise<boolean>,
): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return performance.now() - started;
}
