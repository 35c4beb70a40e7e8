/** A start-up error saying what is wrong and how to fix it: a misconfigured module must not boot. */
export function configError(problem: string, fix: string): Error {
  return new Error(`nest-jwt-auth: ${problem} ${fix}`);
}
