import { createHash } from 'node:crypto';

/** RFC 4122 UUID version 5 (SHA-1) of `name` in `namespace`: the same inputs always give the same id. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  return uuidOfHash(hash, 5);
}

/** A UUID of the given version (RFC 4122 variant) from the first 16 bytes of a hash. */
export function uuidOfHash(hash: Buffer, version: number): string {
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | (version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
