import { z } from 'zod';

const count = (what: string) =>
  z.object({
    resealed: z
      .int()
      .describe(`${what} moved onto the current key by this pass (from a previous key, or stored before encryption was on).`),
    unreadable: z
      .int()
      .describe(`${what} that no configured key opens: left as they are; the partner needs a new secret (a rotation of it).`),
  });

/** What `POST /v1/operator/secret-keys/reseal` answers. */
export const ResealAnswerSchema = z.object({
  erpSigningSecrets: count("Enterprises' ERP signing secrets (current and previous)"),
  webhookSigningSecrets: count("Webhook subscriptions' signing secrets (current and previous)"),
  previousKeys: z
    .int()
    .describe(
      'How many keys SECRETS_ENCRYPTION_PREVIOUS_KEYS holds. Once every replica runs with the new key and a pass ends with nothing ' +
        'unreadable, every stored signing secret still in use opens with the current key alone (a previous secret past its end is left as it was). The hashes an erased student keeps of its HR ids ' +
        '(ADR 0037) cannot be resealed: a previous key dropped from the list stops ERP events about students erased before the ' +
        'rotation from being recognised by their HR ids.',
    ),
});

export type ResealAnswer = z.output<typeof ResealAnswerSchema>;
