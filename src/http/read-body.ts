import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** False when the client kept sending past the discard bound: answer with `Connection: close`. */
    readonly drained: boolean,
  ) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

export interface BodyLimits {
  /** Largest body read. */
  limit: number;
  /**
   * Bytes of a body over the limit read and thrown away before the 413 is sent. A client that
   * sends its whole body before it reads the answer (most do) would otherwise write into a closed
   * connection and see a reset (EPIPE) instead of the 413. Past this many bytes the connection is
   * closed after the answer.
   */
  discardLimit: number;
}

/**
 * Reads the whole body. A body over `limit` (declared by Content-Length or found while streaming)
 * is not buffered: the rest is read and discarded, up to `discardLimit`, and then refused with
 * BodyTooLargeError, so the connection is left in a state where the client reads the 413.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > limits.limit;
    const refuse = (drained: boolean) => reject(new BodyTooLargeError(limits.limit, drained));
    if (tooLarge && declared > limits.discardLimit) {
      // Not worth reading: answer now, and let the server close the connection.
      req.resume();
      refuse(false);
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!tooLarge && size > limits.limit) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (tooLarge) {
        if (size > limits.discardLimit) {
          req.removeAllListeners('data');
          req.resume();
          refuse(false);
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? refuse(true) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}
