// on-headers ships no types; this is the one function it exports.
declare module 'on-headers' {
  import { type ServerResponse } from 'node:http';

  /** Calls `listener` (with the response as `this`) just before the response writes its headers. */
  export default function onHeaders(
    response: ServerResponse,
    listener: (this: ServerResponse) => void,
  ): void;
}
