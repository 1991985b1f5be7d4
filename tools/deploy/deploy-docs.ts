/**
 * The topic and configuration tables of deploy/k8s/README.md, generated from the code (the
 * topic declarations, the event contracts and each service's config schema) so they cannot
 * drift. `npm run docs:deploy` rewrites them; tools/deploy/deploy-docs.spec.ts fails when the
 * README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ALL_EVENT_CONTRACTS, deadLetterTopicOf, Topics } from '@app/contracts';
import { RdCollaborationConfigSchema } from '../../apps/rd-collaboration/src/config/rd-collaboration.config';
import { TalentPipelineConfigSchema } from '../../apps/talent-pipeline/src/config/talent-pipeline.config';
import { TeacherSecondmentConfigSchema } from '../../apps/teacher-secondment/src/config/teacher-secondment.config';

export const DEPLOY_README = join(__dirname, '../../deploy/k8s/README.md');

/** Variables that hold credentials: they belong in the service's Secret, never the ConfigMap. */
const SECRET_VARIABLES = new Set(['MONGO_URI', 'ADMIN_API_TOKEN', 'OPERATOR_KEYS', 'SECRETS_ENCRYPTION_KEY', 'SECRETS_ENCRYPTION_PREVIOUS_KEYS', 'CREDENTIAL_KEY_ENCRYPTION_KEY', 'CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']);

const SERVICES: [string, z.ZodObject][] = [
  ['talent-pipeline', TalentPipelineConfigSchema as unknown as z.ZodObject],
  ['teacher-secondment', TeacherSecondmentConfigSchema as unknown as z.ZodObject],
  ['rd-collaboration', RdCollaborationConfigSchema as unknown as z.ZodObject],
];

export function topicTable(): string {
  const rows = Object.values(Topics).map((topic) => {
    const types = ALL_EVENT_CONTRACTS.filter((c) => c.topic === topic).map((c) => `\`${c.type}\``);
    return `| \`${topic}\` | \`${deadLetterTopicOf(topic)}\` | ${types.join(', ')} |`;
  });
  return ['| Topic | Dead-letter topic | Event types |', '| --- | --- | --- |', ...rows].join('\n');
}

/** How a variable behaves when unset: required, optional, or its default. */
function whenUnset(schema: z.ZodType): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return 'required';
  // An empty list is what an unset list variable means: nothing, as for an optional one.
  if (parsed.data === undefined || (Array.isArray(parsed.data) && parsed.data.length === 0)) return 'optional';
  return `default \`${Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data)}\``;
}

export function configTable(): string {
  const names = [...new Set(SERVICES.flatMap(([, schema]) => Object.keys(schema.shape)))].sort();
  const rows = names.map((name) => {
    const cells = SERVICES.map(([, schema]) => {
      const field = schema.shape[name] as z.ZodType | undefined;
      return field ? whenUnset(field) : '—';
    });
    return `| \`${name}\` | ${SECRET_VARIABLES.has(name) ? 'Secret' : 'ConfigMap / env'} | ${cells.join(' | ')} |`;
  });
  return [`| Variable | Where | ${SERVICES.map(([name]) => name).join(' | ')} |`, `| --- | --- | ${SERVICES.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

export function renderReadme(current: string): string {
  const fill = (text: string, name: string, table: string) =>
    text.replace(new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`), (_, open: string, close: string) => `${open}\n${table}\n${close}`);
  return fill(fill(current, 'topics', topicTable()), 'config', configTable());
}

if (require.main === module) {
  const current = readFileSync(DEPLOY_README, 'utf8');
  writeFileSync(DEPLOY_README, renderReadme(current));
  process.stdout.write(`updated ${DEPLOY_README}\n`);
}
