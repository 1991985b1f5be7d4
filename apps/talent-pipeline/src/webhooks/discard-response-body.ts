import { Readable } from 'node:stream';

/** What a delivery reads of a receiver's answer at most: enough for a connection to end cleanly, never a whole body. */
export const RESPONSE_READ_CAP_BYTES = 4 * 1024;

/**
 * Drains at most `maxBytes` of a webhook response and then drops the connection. Only the
 * status decides the outcome, so the body is never kept; and it is read as the raw bytes
 * on the wire (no decompression), so a small gzip "bomb" cannot inflate into memory. A
 * receiver that resets or is too slow (the caller's deadline aborts the stream) ends the
 * read without an error: its status has already been received.
 */
export async function discardResponseBody(body: Readable, maxBytes = RESPONSE_READ_CAP_BYTES): Promise<number> {
  let read = 0;
  try {
    for await (const chunk of body) {
      read += (chunk as Buffer).length;
      if (read >= maxBytes) break;
    }
  } catch {
    /* reset or aborted by the deadline: nothing more to read */
  } finally {
    body.destroy();
  }
  return read;
}
