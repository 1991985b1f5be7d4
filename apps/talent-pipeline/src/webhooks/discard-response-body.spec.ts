import { Readable } from 'node:stream';
import { discardResponseBody, RESPONSE_READ_CAP_BYTES } from './discard-response-body';

describe('discardResponseBody', () => {
  it('stops reading at the cap and destroys the stream, however long the body is', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1024;
        this.push(Buffer.alloc(1024));
      },
    });
    const read = await discardResponseBody(endless);
    expect(read).toBeGreaterThanOrEqual(RESPONSE_READ_CAP_BYTES);
    expect(read).toBeLessThan(RESPONSE_READ_CAP_BYTES + 1024);
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(64 * 1024);
  });

  it('reads a short body to its end', async () => {
    expect(await discardResponseBody(Readable.from([Buffer.from('ok')]))).toBe(2);
  });

  it('ends quietly when the stream fails (a reset, or the deadline aborting it)', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('aborted'));
      },
    });
    await expect(discardResponseBody(failing)).resolves.toBe(0);
  });
});
