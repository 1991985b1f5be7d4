import { Webhook } from 'standardwebhooks';
import { recordSignatureMatches, RECORD_SIGNATURE_HEADER, RECORD_SIGNATURE_TIMESTAMP_HEADER, signRecord } from './record-signature';

const secret = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
const other = `whsec_${Buffer.alloc(24, 2).toString('base64')}`;
const content = { id: 'hire-1', source: 'urn:erp:acme', type: 'erp.hire.v1', value: '{"placementId":"p-1"}' };
const headersOf = (signed: Record<string, string>) => ({
  signature: signed[RECORD_SIGNATURE_HEADER],
  timestamp: signed[RECORD_SIGNATURE_TIMESTAMP_HEADER],
});

describe('record signatures (Standard Webhooks scheme over the CloudEvent identity and value)', () => {
  it('verifies a record signed with the secret, whatever its age', () => {
    const signed = signRecord(secret, content, new Date('2020-01-01T00:00:00Z'));
    expect(recordSignatureMatches([secret], content, headersOf(signed))).toBe(true);
  });

  it('is the Standard Webhooks signature of "{id}.{timestamp}.{source}.{type}.{value}"', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const expected = new Webhook(secret).sign('hire-1', at, 'urn:erp:acme.erp.hire.v1.{"placementId":"p-1"}');
    expect(signRecord(secret, content, at)[RECORD_SIGNATURE_HEADER]).toBe(expected);
  });

  it.each([
    ['another secret', { secret: other, changed: {} }],
    ['another value', { secret, changed: { value: '{"placementId":"p-2"}' } }],
    ['another event id', { secret, changed: { id: 'hire-2' } }],
    ['another source', { secret, changed: { source: 'urn:erp:other' } }],
    ['another type', { secret, changed: { type: 'erp.requisition.v1' } }],
  ])('refuses a record whose signature was made with %s', (_, { secret: signer, changed }) => {
    const signed = signRecord(signer, content);
    expect(recordSignatureMatches([secret], { ...content, ...changed }, headersOf(signed))).toBe(false);
  });

  it('refuses a record without signature or timestamp, or with a malformed one', () => {
    const signed = headersOf(signRecord(secret, content));
    expect(recordSignatureMatches([secret], content, {})).toBe(false);
    expect(recordSignatureMatches([secret], content, { signature: signed.signature })).toBe(false);
    expect(recordSignatureMatches([secret], content, { ...signed, timestamp: 'soon' })).toBe(false);
    expect(recordSignatureMatches([secret], content, { ...signed, signature: 'v2,abc' })).toBe(false);
  });

  it('accepts any of several signatures and any of several secrets (rotation)', () => {
    const signed = headersOf(signRecord(secret, content));
    expect(recordSignatureMatches([other, secret], content, { ...signed, signature: `v1,bm90LWl0 ${signed.signature}` })).toBe(true);
  });
});
