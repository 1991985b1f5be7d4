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

/** What the revocation lists are called: `revocation-1`, `revocation-2`, … */
export const REVOCATION_LIST_PREFIX = 'revocation-';

/**
 * Where a credential's revocation bit lives. Credentials are numbered by one counter (the
 * serial); each list holds `length` of them, so serial `s` is bit `s mod length` of list
 * `revocation-(floor(s / length) + 1)`.
 */
export function statusEntryOf(serial: number, length = STATUS_LIST_LENGTH): { list: number; index: number } {
  if (!Number.isSafeInteger(serial) || serial < 0) throw new RangeError(`status serial ${serial} is not a non-negative integer`);
  return { list: Math.floor(serial / length) + 1, index: serial % length };
}

/** The serial of bit `index` of list number `list` (the inverse of statusEntryOf). */
export function serialOf(list: number, index: number, length = STATUS_LIST_LENGTH): number {
  if (!Number.isSafeInteger(list) || list < 1) throw new RangeError(`status list ${list} is not a positive integer`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= length) throw new RangeError(`status index ${index} outside 0..${length - 1}`);
  return (list - 1) * length + index;
}

export function statusListName(list: number): string {
  return `${REVOCATION_LIST_PREFIX}${list}`;
}

/** The list number of `revocation-N` (N from 1, no leading zeros), or null for any other name. */
export function statusListNumberOf(name: string): number | null {
  const match = /^revocation-([1-9]\d{0,8})$/.exec(name);
  return match ? Number(match[1]) : null;
}
