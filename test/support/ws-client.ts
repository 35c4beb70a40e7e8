import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** A socket.io client connected to `url`, over WebSocket only (no long-polling fallback). */
export async function connectSocket(
  url: string,
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, ...options });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** How the server answered a message: its acknowledgement, or an `exception` event. */
export type Answer = { ack: unknown } | { exception: Record<string, unknown> };

/**
 * Emits `event` and waits for whichever comes first: the handler's acknowledgement or the
 * `exception` event a refused message gets (a refused message is never acknowledged).
 */
export function send(socket: Socket, event: string, data: unknown = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('exception', onException);
      reject(new Error(`no answer to '${event}' within 2 s`));
    }, 2000);
    const onException = (exception: Record<string, unknown>) => {
      clearTimeout(timer);
      resolve({ exception });
    };
    socket.once('exception', onException);
    socket.emit(event, data, (ack: unknown) => {
      clearTimeout(timer);
      socket.off('exception', onException);
      resolve({ ack });
    });
  });
}

/** What a refused message gets as its `exception` event (`WsAuthErrorPayload`). */
export function refusal(statusCode: number, code: string, pattern = 'whoami'): Answer {
  return {
    exception: {
      status: 'error',
      statusCode,
      code,
      message: expect.any(String),
      cause: { pattern, data: {} },
    },
  };
}
