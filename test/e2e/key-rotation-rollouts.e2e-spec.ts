import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { e2eServiceEnv, e2eTalentPipelineEnv, httpJson, ServiceProcess, uniqueName, waitFor } from '@app/testing';

jest.setTimeout(240_000);

const ADMIN = 'e2e-admin-token-0123456789';
// Below 32768: never handed out as an ephemeral (client) port; a range of its own per suite.
const PORT_BASE = 23_000 + Math.floor(Math.random() * 300) * 10;

/**
 * ADR 0087: a replica refuses keys that would break a rotation of the key sealing stored secrets,
 * and exits naming the settings, while the runbook's two rollouts start (the service as deployed:
 * its own process from dist/, its own database).
 */
describe('key rotations in two rollouts, the mistakes refused at start (processes)', () => {
  const oldKey = randomBytes(32).toString('base64');
  const newKey = randomBytes(32).toString('base64');
  let port = PORT_BASE;
  const running: ServiceProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
  });

  /**
   * Starts the service with these settings, runs `whileUp` and stops it; resolves with its log, or
   * rejects with the fatal log line when it exits before it is ready.
   */
  const startAndStop = async (
    service: 'talent-pipeline' | 'teacher-secondment',
    env: Record<string, string>,
    whileUp: (baseUrl: string) => Promise<unknown> = async () => undefined,
  ): Promise<string> => {
    const instance = new ServiceProcess(service, port++, env);
    running.push(instance);
    try {
      await instance.start();
      expect((await httpJson('GET', `${instance.baseUrl}/health/ready`)).status).toBe(200);
      await whileUp(instance.baseUrl);
      await instance.stop();
      return readFileSync(instance.logFile, 'utf8');
    } catch (error) {
      // The log is piped from the process: its last lines may land just after the exit.
      const fatal = await waitFor('the fatal log line', () =>
        readFileSync(instance.logFile, 'utf8')
          .split('\n')
          .find((line) => line.includes('"level":60')),
      ).catch(() => 'no fatal log line');
      throw new Error(`${(error as Error).message}\n${fatal}`);
    } finally {
      await instance.stop();
    }
  };

  it('talent pipeline: a new key made current in one rollout, or a rollback past a rotation, stops the start before anything is sealed', async () => {
    const prefix = `${uniqueName('keys')}.`;
    const base = e2eTalentPipelineEnv(prefix, ADMIN);
    const keys = (current: string, previous: string[] = []) => ({
      ...base,
      SECRETS_ENCRYPTION_KEY: current,
      SECRETS_ENCRYPTION_PREVIOUS_KEYS: previous.join(','),
    });
    const mongo = await new MongoClient(base.MONGO_URI).connect();
    try {
      const storedSecret = async () => (await mongo.db().collection('enterprises').findOne({}))?.erpSigningSecret as string;
      await startAndStop('talent-pipeline', keys(oldKey), (url) =>
        httpJson('POST', `${url}/v1/enterprises`, { token: ADMIN, body: { name: 'Harbour Cranes', country: 'CN' } }),
      );
      const sealedUnderOldKey = await storedSecret();
      expect(sealedUnderOldKey).toMatch(/^sbx1:/);

      // One rollout: the replicas still on the old key could not open what the new one seals.
      await expect(startAndStop('talent-pipeline', keys(newKey, [oldKey]))).rejects.toThrow(
        /exited with 1 before it was ready[\s\S]*SECRETS_ENCRYPTION_KEY is a key no replica has started with[\s\S]*SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT=true/,
      );
      // Refused before its reseal pass: the stored secret is as the old key sealed it.
      expect(await storedSecret()).toBe(sealedUnderOldKey);

      // The runbook's two rollouts: the new key listed first, then made current (the pass at start reseals); then the old one dropped.
      await startAndStop('talent-pipeline', keys(oldKey, [newKey]));
      expect(await storedSecret()).toBe(sealedUnderOldKey);
      await startAndStop('talent-pipeline', keys(newKey, [oldKey]), () =>
        waitFor('the secret resealed under the new key', async () => (await storedSecret()) !== sealedUnderOldKey),
      );
      await startAndStop('talent-pipeline', keys(newKey));

      // Settings from before the rotation: what the new key sealed would not open.
      await expect(startAndStop('talent-pipeline', keys(oldKey))).rejects.toThrow(
        /the key replicas last started with as SECRETS_ENCRYPTION_KEY \(on \S+\) is neither SECRETS_ENCRYPTION_KEY nor in SECRETS_ENCRYPTION_PREVIOUS_KEYS/,
      );
      // The operator's override: logged, not refused, and needed once (the replicas that started with it started last).
      const rollback = await startAndStop('talent-pipeline', { ...keys(oldKey), SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT: 'true' });
      expect(rollback).toContain('SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT=true, starting anyway');
      await startAndStop('talent-pipeline', keys(oldKey));
      // An emergency rotation in one rollout, the same.
      const third = randomBytes(32).toString('base64');
      const emergency = await startAndStop('talent-pipeline', { ...keys(third, [oldKey]), SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT: 'true' });
      expect(emergency).toContain('SECRETS_ENCRYPTION_ALLOW_ONE_ROLLOUT=true, starting anyway');
      await startAndStop('talent-pipeline', keys(third, [oldKey]));
    } finally {
      await mongo.close();
    }
  });

  it('teacher secondment: the same for CREDENTIAL_KEY_ENCRYPTION_KEY', async () => {
    const prefix = `${uniqueName('keys')}.`;
    const keys = (current: string, previous: string[] = []) => ({
      ...e2eServiceEnv(prefix, 'teacher-secondment'),
      ADMIN_API_TOKEN: ADMIN,
      CREDENTIAL_KEY_ENCRYPTION_KEY: current,
      CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS: previous.join(','),
    });
    const mongo = await new MongoClient(e2eServiceEnv(prefix, 'teacher-secondment').MONGO_URI).connect();
    try {
      const signingKeys = () => mongo.db().collection('signing_keys').find().toArray();
      await startAndStop('teacher-secondment', keys(oldKey));
      const sealedUnderOldKey = await signingKeys();
      expect(sealedUnderOldKey).toHaveLength(1);

      await expect(startAndStop('teacher-secondment', keys(newKey, [oldKey]))).rejects.toThrow(
        /CREDENTIAL_KEY_ENCRYPTION_KEY is a key no replica has started with[\s\S]*CREDENTIAL_KEY_ENCRYPTION_ALLOW_ONE_ROLLOUT=true/,
      );
      // Refused before its reseal: the signing key is as the old key sealed it.
      expect(await signingKeys()).toEqual(sealedUnderOldKey);
      await startAndStop('teacher-secondment', keys(oldKey, [newKey]));
      await startAndStop('teacher-secondment', keys(newKey, [oldKey]));
      expect(await signingKeys()).not.toEqual(sealedUnderOldKey);
      await expect(startAndStop('teacher-secondment', keys(oldKey))).rejects.toThrow(
        /is neither CREDENTIAL_KEY_ENCRYPTION_KEY nor in CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS/,
      );
    } finally {
      await mongo.close();
    }
  });
});
