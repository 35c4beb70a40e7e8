/**
 * How many of a session's rotated refresh-token hashes are kept for reuse detection: the most
 * recent ones. A client that refreshed in a loop would otherwise grow one store entry by ~90 bytes
 * per refresh for as long as the session lives. A token rotated away more than this many
 * rotations ago is refused as unknown (`refresh_token_invalid`) instead of ending the session as
 * reused; with the default 15-minute access tokens that is about 16 hours of continuous use.
 */
export const SPENT_HASHES_KEPT = 64;
