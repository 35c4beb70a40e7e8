/** base64url characters whose value has its two lowest bits clear (value % 4 === 0). */
const LOW_2_BITS_CLEAR = 'AEIMQUYcgkosw048';
/** base64url characters whose value has its four lowest bits clear (value % 16 === 0). */
const LOW_4_BITS_CLEAR = 'AQgw';

/**
 * Whether `segment`, already known to hold only base64url characters and no padding, is the one
 * canonical spelling of its bytes (RFC 4648 section 3.5). Decoders ignore the unused trailing
 * bits of the last character, so without this check a signature would have up to 16 accepted
 * spellings. Equivalent to `Buffer.from(segment, 'base64url').toString('base64url') ===
 * segment`, but reads one character instead of decoding and re-encoding the segment.
 */
export function isCanonicalBase64url(segment: string): boolean {
  const last = segment[segment.length - 1];
  switch (segment.length % 4) {
    case 0:
      return true;
    // Two characters carry one byte: the last one's four low bits are unused.
    case 2:
      return LOW_4_BITS_CLEAR.includes(last);
    // Three characters carry two bytes: the last one's two low bits are unused.
    case 3:
      return LOW_2_BITS_CLEAR.includes(last);
    // One character cannot carry a byte: it is the encoding of nothing.
    default:
      return false;
  }
}
