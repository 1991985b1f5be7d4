import { deadLetterTopicOf } from '@app/contracts';
import { lifetimeSettings, topicSettings } from './topic-provisioner';

const DAY = 86_400_000;

describe('topic settings under a plan (ADR 0074)', () => {
  it('splits the max age into a segment time of at most a day and a limit of the rest', () => {
    expect(lifetimeSettings(28 * DAY)).toEqual({ segmentMs: DAY, limitMs: 27 * DAY });
    expect(lifetimeSettings(DAY)).toEqual({ segmentMs: DAY / 4, limitMs: (3 * DAY) / 4 });
    expect(lifetimeSettings(4_000)).toEqual({ segmentMs: 1_000, limitMs: 3_000 });
  });

  const plan = { compacted: ['consents'], personalData: ['consents', 'outcomes'], personalDataMaxAgeMs: 28 * DAY };

  it('bounds a personal event log and its dead letters by retention, a compacted one by compaction lag', () => {
    const bounded = { 'segment.ms': String(DAY), 'retention.ms': String(27 * DAY) };
    expect(topicSettings('outcomes', plan)).toEqual(bounded);
    expect(topicSettings(deadLetterTopicOf('outcomes'), plan)).toEqual(bounded);
    expect(topicSettings('consents', plan)).toEqual({
      'cleanup.policy': 'compact',
      'segment.ms': String(DAY),
      'max.compaction.lag.ms': String(27 * DAY),
    });
    // Dead letters are an event log whatever their topic is.
    expect(topicSettings(deadLetterTopicOf('consents'), plan)).toEqual(bounded);
  });

  it('leaves other topics, and every topic when no max age is given, to the broker', () => {
    expect(topicSettings('partners', plan)).toEqual({});
    expect(topicSettings(deadLetterTopicOf('partners'), plan)).toEqual({});
    expect(topicSettings('outcomes', { personalData: ['outcomes'] })).toEqual({});
    expect(topicSettings('consents', { compacted: ['consents'] })).toEqual({ 'cleanup.policy': 'compact' });
  });
});
