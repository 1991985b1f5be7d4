import { gunzipSync, gzipSync } from 'node:zlib';

/** W3C Bitstring Status List: at least 16 KiB of bits, so one set bit does not single a holder out. */
export const STATUS_LIST_LENGTH = 131_072;

/**
 * `encodedList` of a BitstringStatusList: the GZIP of the bitstring, multibase base64url
 * (prefix `u`). Index 0 is the most significant bit of the first byte.
 */
export function encodeStatusList(setIndexes: Iterable<number>, length = STATUS_LIST_LENGTH): string {
  const bits = Buffer.alloc(Math.ceil(length / 8));
  for (const index of setIndexes) {
    if (index < 0 || index >= length) throw new RangeError(`status index ${index} outside 0..${length - 1}`);
    bits[index >> 3] |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function isStatusSet(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bits.length * 8) throw new RangeError(`status index ${index} outside the list`);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}
