/**
 * The pub/sub channel on which every revocation is announced, for the revocation mirrors of all
 * instances. Messages: `revoke <ttlSeconds> <subject>\n<id>` and the mirrors' own heartbeats,
 * `ping <mirror id> <sequence>`.
 */
export const revocationChannel = (keyPrefix: string) => `${keyPrefix}revocations`;

export function revocationMessage(subject: string, id: string, ttlSeconds: number): string {
  return `revoke ${ttlSeconds} ${subject}\n${id}`;
}

/** The entry a revocation message announces, or `undefined` for any other message. */
export function parseRevocation(
  message: string,
): { subject: string; id: string; ttlSeconds: number } | undefined {
  const match = /^revoke (\d+(?:\.\d+)?) ([^]*)\n([^\n]*)$/.exec(message);
  return match ? { ttlSeconds: Number(match[1]), subject: match[2], id: match[3] } : undefined;
}
