import { newSigningSecret } from '../shared/secrets';
import { signWebhook } from '../webhooks/webhook-signer';
import { SignatureRejectedError, SignedRequest, verifyStandardWebhook } from './standard-webhook-verifier';

const now = new Date('2026-09-01T08:00:00.000Z');
const body = Buffer.from(JSON.stringify({ specversion: '1.0', id: 'hire-1', data: { title: 'Mechatronik' } }));

function signedRequest(secrets: string[], at = now, payload = body): SignedRequest {
  const headers = signWebhook('msg_1', payload.toString(), secrets, at);
  return { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'], body: payload };
}

const secondsFrom = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

function rejection(request: SignedRequest, secret: string, tolerance = 300, at = now): SignatureRejectedError {
  try {
    verifyStandardWebhook(request, secret, tolerance, at);
  } catch (error) {
    expect(error).toBeInstanceOf(SignatureRejectedError);
    return error as SignatureRejectedError;
  }
  throw new Error('expected the request to be rejected');
}

describe('verifyStandardWebhook', () => {
  const secret = newSigningSecret();

  it('accepts a request signed with the same secret', () => {
    expect(() => verifyStandardWebhook(signedRequest([secret]), secret, 300, now)).not.toThrow();
  });

  it('rejects a tampered body', () => {
    const request = { ...signedRequest([secret]), body: Buffer.from(body.toString().replace('Mechatronik', 'Mechatronic')) };
    expect(rejection(request, secret).message).toBe('no webhook-signature matches');
  });

  it('rejects a changed webhook-id', () => {
    expect(rejection({ ...signedRequest([secret]), id: 'msg_2' }, secret).message).toBe('no webhook-signature matches');
  });

  it('rejects a changed webhook-timestamp, even inside the tolerance', () => {
    const request = { ...signedRequest([secret]), timestamp: String(now.getTime() / 1000 + 1) };
    expect(rejection(request, secret).message).toBe('no webhook-signature matches');
  });

  it('rejects a signature made with another secret', () => {
    expect(rejection(signedRequest([newSigningSecret()]), secret).message).toBe('no webhook-signature matches');
  });

  it('rejects a correct signature under another version tag', () => {
    const request = signedRequest([secret]);
    expect(rejection({ ...request, signature: request.signature!.replace('v1,', 'v2,') }, secret).message).toBe(
      'no webhook-signature matches',
    );
  });

  it('rejects a truncated signature', () => {
    const request = signedRequest([secret]);
    expect(rejection({ ...request, signature: request.signature!.slice(0, -2) }, secret).message).toBe('no webhook-signature matches');
  });

  describe('timestamp tolerance', () => {
    it('accepts timestamps exactly at the tolerance edge, either way', () => {
      expect(() => verifyStandardWebhook(signedRequest([secret], secondsFrom(now, -300)), secret, 300, now)).not.toThrow();
      expect(() => verifyStandardWebhook(signedRequest([secret], secondsFrom(now, 300)), secret, 300, now)).not.toThrow();
    });

    it('rejects a stale timestamp beyond the tolerance', () => {
      expect(rejection(signedRequest([secret], secondsFrom(now, -301)), secret).message).toBe(
        'webhook-timestamp is outside the 300s tolerance window',
      );
    });

    it('rejects a future timestamp beyond the tolerance', () => {
      expect(rejection(signedRequest([secret], secondsFrom(now, 301)), secret).message).toContain('outside the 300s tolerance');
    });

    it('uses the configured tolerance instead of a fixed five minutes', () => {
      const tenMinutesAgo = signedRequest([secret], secondsFrom(now, -600));
      expect(() => verifyStandardWebhook(tenMinutesAgo, secret, 900, now)).not.toThrow();
      expect(rejection(signedRequest([secret], secondsFrom(now, -31)), secret, 30).message).toContain('30s tolerance');
    });

    it('defaults now to the current time', () => {
      expect(() => verifyStandardWebhook(signedRequest([secret], new Date()), secret, 300)).not.toThrow();
      expect(() => verifyStandardWebhook(signedRequest([secret], secondsFrom(new Date(), -3600)), secret, 300)).toThrow(
        SignatureRejectedError,
      );
    });

    it.each(['abc', '1.5', '-1', '1e9', ''])('rejects a webhook-timestamp of %j', (timestamp) => {
      expect(() => verifyStandardWebhook({ ...signedRequest([secret]), timestamp }, secret, 300, now)).toThrow(SignatureRejectedError);
    });
  });

  describe('secret rotation', () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];

    it('a sender signing with both secrets sends two space-separated v1 signatures', () => {
      const signatures = signedRequest([oldSecret, newSecret]).signature!.split(' ');
      expect(signatures).toHaveLength(2);
      for (const signature of signatures) expect(signature).toMatch(/^v1,/);
    });

    it('a verifier holding either secret accepts', () => {
      const request = signedRequest([oldSecret, newSecret]);
      expect(() => verifyStandardWebhook(request, oldSecret, 300, now)).not.toThrow();
      expect(() => verifyStandardWebhook(request, newSecret, 300, now)).not.toThrow();
    });

    it('a verifier holding neither secret rejects', () => {
      expect(rejection(signedRequest([oldSecret, newSecret]), secret).message).toBe('no webhook-signature matches');
    });
  });

  describe('missing headers', () => {
    it.each(['id', 'timestamp', 'signature'] as const)('rejects a request without %s', (field) => {
      const request: SignedRequest = { ...signedRequest([secret]), [field]: undefined };
      expect(rejection(request, secret).message).toBe('webhook-id, webhook-timestamp and webhook-signature headers are required');
    });
  });
});
