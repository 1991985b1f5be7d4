import { Webhook } from 'standardwebhooks';
import { newSigningSecret } from '../shared/secrets';
import { signWebhook } from './webhook-signer';

describe('signWebhook', () => {
  const at = new Date('2026-09-01T08:00:00.750Z');
  const body = JSON.stringify({ hello: 'world' });

  it('sets webhook-id and webhook-timestamp (Unix seconds, rounded down)', () => {
    const headers = signWebhook('msg_1', body, [newSigningSecret()], at);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Date.UTC(2026, 8, 1, 8, 0, 0) / 1000));
  });

  it('signs as v1,<base64 HMAC-SHA256> of "id.timestamp.body"', () => {
    const secret = newSigningSecret();
    const headers = signWebhook('msg_1', body, [secret], at);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', at, body));
  });

  it('gives different signatures for different secrets, ids and bodies', () => {
    const secret = newSigningSecret();
    const base = signWebhook('msg_1', body, [secret], at)['webhook-signature'];
    expect(signWebhook('msg_1', body, [newSigningSecret()], at)['webhook-signature']).not.toBe(base);
    expect(signWebhook('msg_2', body, [secret], at)['webhook-signature']).not.toBe(base);
    expect(signWebhook('msg_1', `${body} `, [secret], at)['webhook-signature']).not.toBe(base);
  });

  it('carries one space-separated v1 signature per secret during rotation', () => {
    const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
    const signatures = signWebhook('msg_1', body, [oldSecret, newSecret], at)['webhook-signature'].split(' ');
    expect(signatures).toEqual([new Webhook(oldSecret).sign('msg_1', at, body), new Webhook(newSecret).sign('msg_1', at, body)]);
  });

  describe('accepted by the reference standardwebhooks Webhook.verify', () => {
    const now = () => new Date();

    it('with one secret', () => {
      const secret = newSigningSecret();
      const headers = signWebhook('msg_1', body, [secret], now());
      expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world' });
    });

    it('with either secret during rotation', () => {
      const [oldSecret, newSecret] = [newSigningSecret(), newSigningSecret()];
      const headers = signWebhook('msg_1', body, [oldSecret, newSecret], now());
      expect(new Webhook(oldSecret).verify(body, headers)).toEqual({ hello: 'world' });
      expect(new Webhook(newSecret).verify(body, headers)).toEqual({ hello: 'world' });
    });

    it('but not with an unrelated secret or a tampered body', () => {
      const secret = newSigningSecret();
      const headers = signWebhook('msg_1', body, [secret], now());
      expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow('No matching signature found');
      expect(() => new Webhook(secret).verify(body.replace('world', 'WORLD'), headers)).toThrow('No matching signature found');
    });
  });
});
