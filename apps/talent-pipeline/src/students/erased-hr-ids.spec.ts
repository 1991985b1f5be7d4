import { randomBytes } from 'node:crypto';
import { ErasedHrIds } from './erased-hr-ids';

describe('ErasedHrIds', () => {
  const key = randomBytes(32);
  const hashes = new ErasedHrIds(key);
  const matches = (kept: string[], sought: string[]) => sought.some((h) => kept.includes(h));

  it('keeps no id value, and finds the student by the ids an ERP names as findByExternalIds would', () => {
    const roll = { schemeId: 'school-roll', value: 'R-1' };
    const byAgency = { schemeId: 'employee-number', value: 'E-7', schemeAgencyId: 'sap' };
    const kept = hashes.toKeep([roll, byAgency]);
    expect(kept.join(' ')).not.toMatch(/R-1|E-7|school-roll|employee-number|sap/);

    expect(matches(kept, hashes.toSeek([roll]))).toBe(true);
    // An event naming an agency matches the student's id of that agency, or one that names none.
    expect(matches(kept, hashes.toSeek([byAgency]))).toBe(true);
    expect(matches(kept, hashes.toSeek([{ ...roll, schemeAgencyId: 'any-agency' }]))).toBe(true);
    expect(matches(kept, hashes.toSeek([{ ...byAgency, schemeAgencyId: 'oracle' }]))).toBe(false);
    // An event naming no agency matches whatever agency the student's id had.
    expect(matches(kept, hashes.toSeek([{ schemeId: 'employee-number', value: 'E-7' }]))).toBe(true);
    // Another value or scheme matches nothing.
    expect(matches(kept, hashes.toSeek([{ schemeId: 'school-roll', value: 'R-2' }]))).toBe(false);
    expect(matches(kept, hashes.toSeek([{ schemeId: 'other-roll', value: 'R-1' }]))).toBe(false);
  });

  it('depends on the key: another deployment finds nothing, and without a key nothing is kept or sought', () => {
    const id = { schemeId: 'school-roll', value: 'R-1' };
    const kept = hashes.toKeep([id]);
    expect(matches(kept, new ErasedHrIds(randomBytes(32)).toSeek([id]))).toBe(false);
    expect(new ErasedHrIds().toKeep([id])).toEqual([]);
    expect(new ErasedHrIds().toSeek([id])).toEqual([]);
  });

  it('after a rotation of the secrets key, still finds the hashes kept under a previous key, and keeps new ones under the current', () => {
    const byAgency = { schemeId: 'employee-number', value: 'E-7', schemeAgencyId: 'sap' };
    const keptBefore = hashes.toKeep([byAgency]);
    const rotated = new ErasedHrIds(randomBytes(32), [key]);
    expect(matches(keptBefore, rotated.toSeek([byAgency]))).toBe(true);
    expect(matches(keptBefore, rotated.toSeek([{ schemeId: 'employee-number', value: 'E-7' }]))).toBe(true);
    expect(matches(keptBefore, rotated.toSeek([{ ...byAgency, value: 'E-8' }]))).toBe(false);
    // New hashes are under the current key: the previous key alone no longer finds them.
    const keptAfter = rotated.toKeep([byAgency]);
    expect(matches(keptAfter, rotated.toSeek([byAgency]))).toBe(true);
    expect(matches(keptAfter, hashes.toSeek([byAgency]))).toBe(false);
    // Dropped from the previous keys, the old key's hashes match nothing.
    expect(matches(keptBefore, new ErasedHrIds(randomBytes(32)).toSeek([byAgency]))).toBe(false);
  });

  it('makes the same hashes as before rotations were supported: the kept ones stay matchable (a fixed vector)', () => {
    // Made by the code before this change (4e642f8) for the key of 32 bytes of 7.
    const secretsKey = Buffer.alloc(32, 7);
    const byAgency = { schemeId: 'employee-number', value: 'E-7', schemeAgencyId: 'sap' };
    const plain = { schemeId: 'school-roll', value: 'R-1' };
    expect(new ErasedHrIds(secretsKey).toKeep([byAgency, plain])).toEqual([
      'any:8AdTvpCEsK-iEM6sEVuBGSe4WA1eKmtJitB44GzjpIk',
      'agency:RvxYVoF3ME45wPV-CqxHnYyVnW9WAcC02z54yTlX4ac',
      'any:J6cE1m8kgcHN3MBDprQ7vtX_-DEfUICWhMJsiBKEEl8',
      'none:J6cE1m8kgcHN3MBDprQ7vtX_-DEfUICWhMJsiBKEEl8',
    ]);
    // Sought under the current key first, then under each previous one.
    expect(new ErasedHrIds(Buffer.alloc(32, 8), [secretsKey]).toSeek([plain]).at(-1)).toBe(
      'any:J6cE1m8kgcHN3MBDprQ7vtX_-DEfUICWhMJsiBKEEl8',
    );
  });
});
