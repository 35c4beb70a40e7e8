import { type AuthEvent } from 'nest-jwt-auth';

/**
 * Characters JSON leaves as they are that some log tools still take for a line break (NEL,
 * U+2028, U+2029) or a terminal takes for a command (C1 controls such as CSI).
 */
const LINE_BREAKERS = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * An audit event as one line of JSON. Its username and user agent come from the request: encoded,
 * a newline in them cannot start a line of its own that a reader would take for another event.
 */
export function auditLine(event: AuthEvent): string {
  return JSON.stringify(event).replace(
    LINE_BREAKERS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
