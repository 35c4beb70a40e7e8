/**
 * The pub/sub channel on which every revocation is announced, for the revocation mirrors of all
 * instances. Messages: `revoke <ttlSeconds> <subject>\n<id>`.
 */
export const revocationChannel = (keyPrefix: string) => `${keyPrefix}revocations`;

/**
 * The channel of one mirror's own heartbeats (`ping <sequence>`), so that no instance receives
 * the others' (on the shared channel, N instances would each receive N instances' heartbeats).
 * The mirror subscribes to it on the connection that receives the revocations: Redis delivers a
 * connection's messages in publish order whatever their channel, so a heartbeat's echo still
 * proves every revocation published before it has arrived.
 */
export const heartbeatChannel = (keyPrefix: string, mirrorId: string) =>
  `${keyPrefix}revocations:heartbeat:${mirrorId}`;

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
