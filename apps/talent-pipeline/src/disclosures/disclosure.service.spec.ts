import { ConsentService } from '../consent/consent.service';
import { StudentDocument } from '../students/student.document';
import { StudentsService } from '../students/students.service';
import { DisclosureLedgerRepository } from './disclosure-ledger.repository';
import { DisclosureDocument } from './disclosure.document';
import { DisclosureService, PROFILE_DISCLOSURE_PURPOSE } from './disclosure.service';

/** The ordering guarantee (ledger before data) in isolation; the real-stack behaviour is in the integration suite. */
describe('DisclosureService', () => {
  const student: StudentDocument = {
    _id: 'stu-1',
    schoolId: 'sch-1',
    givenName: 'Li',
    familyName: 'Wei',
    programme: 'mechatronics',
    cohort: '2025',
    externalIds: [],
    registeredAt: new Date(),
  };
  const consent = { _id: 'con-1' };
  const students = { findById: async () => student } as unknown as StudentsService;

  const serviceWith = (ledger: Partial<DisclosureLedgerRepository>, consentInForce: unknown = consent) =>
    new DisclosureService(
      { consentInForce: async () => consentInForce ?? undefined } as unknown as ConsentService,
      students,
      ledger as DisclosureLedgerRepository,
    );

  it('records the disclosure before returning the profile', async () => {
    const appended: DisclosureDocument[] = [];
    const profile = await serviceWith({ append: async (entry: DisclosureDocument) => void appended.push(entry) }).studentProfileFor(
      'ent-1',
      'stu-1',
      'req-1',
    );
    expect(profile).toMatchObject({ id: 'stu-1', givenName: 'Li' });
    expect(appended).toEqual([
      expect.objectContaining({
        studentId: 'stu-1',
        service: 'talent-pipeline',
        recipient: { kind: 'enterprise', id: 'ent-1' },
        purpose: PROFILE_DISCLOSURE_PURPOSE,
        basis: { kind: 'consent', consentId: 'con-1' },
        channel: 'api',
        correlationId: 'req-1',
        fields: ['id', 'schoolId', 'givenName', 'familyName', 'programme', 'cohort'],
      }),
    ]);
  });

  it('discloses nothing when the ledger entry cannot be written', async () => {
    const failing = serviceWith({
      append: async () => {
        throw new Error('ledger unavailable');
      },
    });
    await expect(failing.studentProfileFor('ent-1', 'stu-1', 'req-1')).rejects.toThrow('ledger unavailable');
  });

  it('refuses with 403 and records nothing without consent in force', async () => {
    const append = jest.fn();
    await expect(serviceWith({ append }, null).studentProfileFor('ent-1', 'stu-1', 'req-1')).rejects.toMatchObject({
      status: 403,
      title: 'consent missing',
    });
    expect(append).not.toHaveBeenCalled();
  });
});
