import { isSameParticipantRequest } from './participant-request';
import { Participant } from './project.document';

describe('isSameParticipantRequest: a stored participation told from another request under its Idempotency-Key (ADR 0083)', () => {
  const request = { kind: 'student' as const, personId: 'student-7', name: 'Li Wei', role: 'Vision labelling' };
  const stored: Participant = { participationId: 'pt-1', ...request, joinedAt: '2026-05-01T08:00:00.000Z' };

  it('is the same request when kind, person, name and role match, whatever the row gained since', () => {
    expect(isSameParticipantRequest(stored, request)).toBe(true);
    const since: Participant = {
      ...stored,
      placementId: 'pl-1',
      check: { status: 'confirmed', joinedEventId: 'e-1', requestedAt: '2026-05-01T08:00:00.000Z', checkedAt: '2026-05-01T08:01:00.000Z' },
      withdrawal: { reason: 'left-project', withdrawnAt: '2026-06-01T08:00:00.000Z', withdrawnBy: 'school' },
    };
    expect(isSameParticipantRequest(since, request)).toBe(true);
  });

  it('is another request when any field sent differs', () => {
    expect(isSameParticipantRequest(stored, { ...request, personId: 'student-8' })).toBe(false);
    expect(isSameParticipantRequest(stored, { ...request, name: 'Li Wen' })).toBe(false);
    expect(isSameParticipantRequest(stored, { ...request, role: 'Integration' })).toBe(false);
    expect(isSameParticipantRequest(stored, { ...request, kind: 'teacher' })).toBe(false);
  });

  it("compares an erased student's row on its kind only: the erasure left nothing else of the request", () => {
    const erased: Participant = { ...stored, personId: 'pseudonym-1', name: '', role: '', erased: true };
    expect(isSameParticipantRequest(erased, request)).toBe(true);
    expect(isSameParticipantRequest(erased, { ...request, role: 'Integration' })).toBe(true);
    expect(isSameParticipantRequest(erased, { ...request, kind: 'teacher' })).toBe(false);
  });
});
