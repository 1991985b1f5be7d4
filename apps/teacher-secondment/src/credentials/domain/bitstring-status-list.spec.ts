import { gunzipSync } from 'node:zlib';
import {
  encodeStatusList,
  isStatusSet,
  serialOf,
  STATUS_LIST_LENGTH,
  statusEntryOf,
  statusListName,
  statusListNumberOf,
} from './bitstring-status-list';

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

  it('maps credential serials past one list to further lists, and back', () => {
    expect(statusEntryOf(0)).toEqual({ list: 1, index: 0 });
    expect(statusEntryOf(STATUS_LIST_LENGTH - 1)).toEqual({ list: 1, index: STATUS_LIST_LENGTH - 1 });
    expect(statusEntryOf(STATUS_LIST_LENGTH)).toEqual({ list: 2, index: 0 });
    expect(statusEntryOf(2 * STATUS_LIST_LENGTH + 5)).toEqual({ list: 3, index: 5 });
    for (const serial of [0, 1, STATUS_LIST_LENGTH - 1, STATUS_LIST_LENGTH, 3 * STATUS_LIST_LENGTH + 77]) {
      const { list, index } = statusEntryOf(serial);
      expect(serialOf(list, index)).toBe(serial);
      // Every mapped index fits its list, so encoding never throws.
      expect(isStatusSet(encodeStatusList([index]), index)).toBe(true);
    }
    expect(() => statusEntryOf(-1)).toThrow(RangeError);
    expect(() => serialOf(0, 0)).toThrow(RangeError);
    expect(() => serialOf(1, STATUS_LIST_LENGTH)).toThrow(RangeError);
  });

  it('names the lists revocation-1, revocation-2, … and reads only those names back', () => {
    expect(statusListName(2)).toBe('revocation-2');
    expect(statusListNumberOf('revocation-1')).toBe(1);
    expect(statusListNumberOf('revocation-12')).toBe(12);
    for (const name of ['revocation-0', 'revocation-01', 'revocation-', 'revocation-1x', 'suspension-1', 'revocation-1234567890']) {
      expect(statusListNumberOf(name)).toBeNull();
    }
  });
});
