import { gunzipSync } from 'node:zlib';
import { encodeStatusList, isStatusSet, STATUS_LIST_LENGTH } from './bitstring-status-list';

describe('bitstring status list', () => {
  it("sets exactly the given bits, index 0 being the first byte's most significant bit", () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_LENGTH - 1]);
    expect(encoded.startsWith('u')).toBe(true);
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bytes.length).toBe(16_384);
    expect(bytes[0]).toBe(0x80);
    expect(bytes[1]).toBe(0x40);
    expect(bytes[bytes.length - 1]).toBe(0x01);
    expect([0, 9, STATUS_LIST_LENGTH - 1].map((i) => isStatusSet(encoded, i))).toEqual([true, true, true]);
    expect([1, 8, 10, 500].map((i) => isStatusSet(encoded, i))).toEqual([false, false, false, false]);
  });

  it('refuses indexes outside the list', () => {
    expect(() => encodeStatusList([STATUS_LIST_LENGTH])).toThrow(RangeError);
  });
});
