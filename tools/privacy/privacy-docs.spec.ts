import { readFileSync } from 'node:fs';
import { PERSON_FIELDS_BY_STORE } from '../../apps/teacher-secondment/src/privacy/student-data-map';
import { PERSON_FIELDS_IN_EVENTS, PERSONAL_DATA_MAP, STORES_WITHOUT_STUDENT_DATA } from './data-map';
import { PERSONAL_DATA_TOPICS, Topics } from '@app/contracts';
import {
  PRIVACY_DOC,
  renderPrivacyDoc,
  storesSection,
  topicsCarryingPersonData,
  topicsSection,
  unclassifiedPersonLikePaths,
} from './privacy-docs';

describe('docs/privacy.md data map, generated from the code', () => {
  const doc = readFileSync(PRIVACY_DOC, 'utf8');

  it('is up to date with the declarations, contracts and config (run `npm run docs:privacy` after changing them)', () => {
    for (const name of ['stores', 'topics', 'retention']) expect(doc).toContain(`<!-- generated:${name} -->`);
    expect(renderPrivacyDoc(doc)).toBe(doc);
  });

  it('classifies every event field that looks like a person', () => {
    expect(unclassifiedPersonLikePaths()).toEqual([]);
    expect(topicsSection()).toContain(`\`studentId\` (${PERSON_FIELDS_IN_EVENTS.studentId})`);
  });

  it('gives every topic whose events carry a person field a bounded lifetime (PERSONAL_DATA_TOPICS, ADR 0074), and no other', () => {
    expect([...PERSONAL_DATA_TOPICS].sort()).toEqual(topicsCarryingPersonData().sort());
    // Organisation data stays at the broker's retention: the other services copy partners and agreements from it.
    expect(PERSONAL_DATA_TOPICS).not.toContain(Topics.partners);
    expect(PERSONAL_DATA_TOPICS).toContain(Topics.privacyConsents);
  });

  it('states a reason for every field kept or pseudonymised', () => {
    for (const declaration of PERSONAL_DATA_MAP) {
      for (const [field, rule] of Object.entries(declaration.fields)) {
        if (rule.treatment === 'kept' || rule.treatment === 'pseudonymised') {
          expect({ store: declaration.store, field, note: rule.note ?? '' }).toEqual(
            expect.objectContaining({ note: expect.stringMatching(/\w/) }),
          );
        }
      }
    }
    expect(storesSection()).toContain('#### `students` — students');
  });

  it("declares every store the secondment service's own person map names (apps/teacher-secondment/src/privacy/student-data-map.ts)", () => {
    const declared = [
      ...PERSONAL_DATA_MAP.filter((d) => d.service === 'teacher-secondment').map((d) => d.store),
      ...Object.keys(STORES_WITHOUT_STUDENT_DATA['teacher-secondment']),
    ];
    expect(PERSON_FIELDS_BY_STORE.map((s) => s.store).filter((store) => !declared.includes(store))).toEqual([]);
  });
});
