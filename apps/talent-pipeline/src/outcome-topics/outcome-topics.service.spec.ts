import { OutcomeTopicDocument } from './outcome-topic.document';
import { OutcomeTopicsService } from './outcome-topics.service';

/** The pump's round over many schools, with the database and broker replaced by in-memory stand-ins. */
describe('OutcomeTopicsService.publishRound', () => {
  const topicOf = (i: number): OutcomeTopicDocument => ({
    _id: `school-${String(i).padStart(5, '0')}`,
    topic: `talent.school-outcome.v1.school-${i}`,
    status: 'active',
    afterSeq: 0,
    published: 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });

  function serviceWith(topics: OutcomeTopicDocument[], behind: Set<string>, leaseFree = true) {
    const sent: string[] = [];
    const advanced: string[] = [];
    const feedReads: string[] = [];
    const repository = {
      active: async (limit: number, afterId?: string) => topics.filter((t) => afterId === undefined || t._id > afterId).slice(0, limit),
      acquirePumpLease: async () => leaseFree,
      advance: async (schoolId: string) => void advanced.push(schoolId),
      failed: async () => undefined,
    };
    const outcomes = {
      positionsTaken: async (ids: string[]) => new Map(ids.filter((id) => behind.has(id)).map((id) => [id, 1])),
      page: async (schoolId: string) => {
        feedReads.push(schoolId);
        return [{ _id: `e-${schoolId}`, schoolId, seq: 1, event: { id: `e-${schoolId}` }, recordedAt: new Date() }];
      },
    };
    const publisher = { publish: async (events: { key: string }[]) => void sent.push(...events.map((e) => e.key)) };
    const metrics = { count: () => undefined };
    const service = new OutcomeTopicsService(
      repository as never,
      outcomes as never,
      publisher as never,
      {} as never,
      {} as never,
      {} as never,
      metrics as never,
    );
    return { service, sent, advanced, feedReads };
  }

  it('goes through every open topic, a page at a time, so a school past the first page is published too', async () => {
    const topics = Array.from({ length: 1_201 }, (_, i) => topicOf(i));
    const last = topics.at(-1)!._id;
    const { service, sent, advanced } = serviceWith(topics, new Set([topics[3]._id, last]));
    expect(await service.publishRound('me', 15_000)).toEqual({ open: 1_201, published: 2 });
    expect(sent).toEqual([topics[3]._id, last]);
    expect(advanced).toEqual([topics[3]._id, last]);
  });

  it('publishes nothing, and reads no feed, while no topic is behind; nothing while another replica holds the lease', async () => {
    const topics = [topicOf(1), topicOf(2)];
    const idle = serviceWith(topics, new Set());
    expect(await idle.service.publishRound('me', 15_000)).toEqual({ open: 2, published: 0 });
    expect(idle.feedReads).toEqual([]);
    const elsewhere = serviceWith(topics, new Set([topics[0]._id]), false);
    expect(await elsewhere.service.publishRound('me', 15_000)).toEqual({ open: 2, published: 0 });
    expect(elsewhere.sent).toEqual([]);
  });
});
