import { Logger } from '@nestjs/common';
import { Clock } from '@app/base';
import { PlacementDocument } from './placement.document';
import { PlacementsService } from './placements.service';

describe('PlacementsService: a failing listener', () => {
  /** The service with nothing behind it: telling listeners needs none of its stores. */
  const service = () => {
    const unused = {} as never;
    return new PlacementsService(unused, unused, unused, unused, unused, unused, unused, unused, new Clock(), unused);
  };

  const placement = {
    _id: '8d3c6c1e-5a7e-4b8e-9a51-0c2f3e4d5a6b',
    studentId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    status: 'accepted',
    agreement: { signatures: [{ party: 'guardian', signedBy: 'Sun Hua', signedAt: '2026-02-20T09:30:00.000Z' }] },
    evaluations: [{ id: 'e1', evaluator: 'Zhou', scores: { safety: 4 }, comment: 'shy with customers', at: '2026-03-20T00:00:00.000Z' }],
  } as unknown as PlacementDocument;

  afterEach(() => jest.restoreAllMocks());

  it("logs the placement by its id, not the placement with its signers' names and comments (personal data the erasure cannot reach in logs)", async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const placements = service();
    placements.onPlacementEvents({ startRescinded: () => Promise.reject(new Error('review queue down')) });

    await placements.startRescindedBefore(placement);

    expect(logged).toHaveBeenCalledTimes(1);
    const [context] = logged.mock.calls[0] as [Record<string, unknown>];
    expect(context).toMatchObject({ what: 'startRescinded', news: { placementId: placement._id } });
    const text = JSON.stringify(context);
    expect(text).not.toContain('Sun Hua');
    expect(text).not.toContain('shy with customers');
    expect(text).not.toContain(placement.studentId);
  });
});
