/**
 * docs/privacy.md's data map, generated from the code: the personal-data declarations kept next
 * to each document type (tools/privacy/data-map.ts gathers them), the event contracts' zod
 * schemas and the talent pipeline's retention configuration. `npm run docs:privacy` rewrites the
 * generated sections; tools/privacy/privacy-docs.spec.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ALL_EVENT_CONTRACTS, PRIVACY_SERVICES, Topics } from '@app/contracts';
import { TalentPipelineConfigSchema } from '../../apps/talent-pipeline/src/config/talent-pipeline.config';
import { NOT_PERSON_FIELDS_IN_EVENTS, PERSON_FIELDS_IN_EVENTS, PERSONAL_DATA_MAP, STORES_WITHOUT_STUDENT_DATA } from './data-map';
import { schemaPaths } from './schema-paths';

export const PRIVACY_DOC = join(__dirname, '../../docs/privacy.md');

const TREATMENT_LABEL = {
  erased: '**erased**',
  pseudonymised: '**pseudonymised**',
  kept: 'kept',
  'other-person': 'other person',
  'not-personal': 'not personal',
} as const;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Per service, per store: the fields that hold personal data and what erasure does to each. */
export function storesSection(): string {
  const out: string[] = [];
  for (const service of PRIVACY_SERVICES) {
    out.push(`### ${service}`, '');
    for (const declaration of PERSONAL_DATA_MAP.filter((d) => d.service === service)) {
      const fields = Object.entries(declaration.fields);
      const personal = fields.filter(([, f]) => f.treatment !== 'not-personal');
      const others = fields.length - personal.length;
      out.push(`#### \`${declaration.store}\` — ${declaration.about}`, '', `Retention: ${declaration.retention}.`, '');
      out.push('| Field | On a student’s erasure | What it holds / why |', '| --- | --- | --- |');
      for (const [name, f] of personal) out.push(`| \`${name}\` | ${TREATMENT_LABEL[f.treatment]} | ${cell(f.note ?? '')} |`);
      if (others > 0)
        out.push(`| ${others} other field${others > 1 ? 's' : ''} | not personal | ids of organisations, statuses, times, bookkeeping |`);
      out.push('');
    }
    const without = Object.entries(STORES_WITHOUT_STUDENT_DATA[service]);
    if (without.length) {
      out.push('Stores without student data:', '');
      for (const [store, what] of without) out.push(`- \`${store}\`: ${what}`);
      out.push('');
    }
  }
  return out.join('\n').trimEnd();
}

function personFieldsOf(paths: string[]): string[] {
  return paths.filter(
    (path) => PERSON_FIELDS_IN_EVENTS[path] !== undefined || PERSON_FIELDS_IN_EVENTS[path.split('.').at(-1)!] !== undefined,
  );
}

/** The topics with at least one event contract that has a person field: what PERSONAL_DATA_TOPICS must list. */
export function topicsCarryingPersonData(): string[] {
  return Object.values(Topics).filter((topic) =>
    ALL_EVENT_CONTRACTS.some((c) => c.topic === topic && personFieldsOf(schemaPaths(c.schema)).length > 0),
  );
}

/** Paths that look like a person (an id of a person kind, a name) but are in neither list. */
export function unclassifiedPersonLikePaths(): string[] {
  return ALL_EVENT_CONTRACTS.flatMap((contract) =>
    schemaPaths(contract.schema)
      .filter((path) => /(name|student|teacher|person|engineer|mentor|contact|email|phone|signedBy)/i.test(path.split('.').at(-1)!))
      .filter((path) => {
        const leaf = path.split('.').at(-1)!;
        return [path, leaf].every((key) => PERSON_FIELDS_IN_EVENTS[key] === undefined && NOT_PERSON_FIELDS_IN_EVENTS[key] === undefined);
      })
      .filter((path) => !['personKind', 'person', 'person.ids', 'person.ids[].schemeId', 'person.ids[].schemeAgencyId'].includes(path))
      .map((path) => `${contract.type}: ${path}`),
  );
}

/** Per topic and event type: the fields that identify or name a person. */
export function topicsSection(): string {
  const rows = Object.values(Topics).flatMap((topic) =>
    ALL_EVENT_CONTRACTS.filter((c) => c.topic === topic).map((contract) => {
      const fields = personFieldsOf(schemaPaths(contract.schema));
      const described = fields.map((f) => `\`${f}\` (${PERSON_FIELDS_IN_EVENTS[f] ?? PERSON_FIELDS_IN_EVENTS[f.split('.').at(-1)!]})`);
      return `| \`${topic}\` | \`${contract.type}\` | ${described.join(', ') || '—'} |`;
    }),
  );
  return ['| Topic | Event type | Fields that identify or name a person |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The talent pipeline's retention settings, with their values when unset. */
export function retentionSection(): string {
  const shape = (TalentPipelineConfigSchema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const rows = Object.keys(shape)
    .filter((name) => name.startsWith('RETENTION_') || name.startsWith('ERASURE_'))
    .sort()
    .map((name) => {
      const parsed = shape[name].safeParse(undefined);
      const unset = !parsed.success ? 'required' : parsed.data === undefined ? 'unset: rule off' : `default \`${String(parsed.data)}\``;
      return `| \`${name}\` | ${unset} |`;
    });
  return ['| Variable (talent pipeline) | When unset |', '| --- | --- |', ...rows].join('\n');
}

export function renderPrivacyDoc(current: string): string {
  const fill = (text: string, name: string, content: string) =>
    text.replace(
      new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`),
      (_, open: string, close: string) => `${open}\n${content}\n${close}`,
    );
  return fill(fill(fill(current, 'stores', storesSection()), 'topics', topicsSection()), 'retention', retentionSection());
}

if (require.main === module) {
  writeFileSync(PRIVACY_DOC, renderPrivacyDoc(readFileSync(PRIVACY_DOC, 'utf8')));
  process.stdout.write(`updated ${PRIVACY_DOC}\n`);
}
