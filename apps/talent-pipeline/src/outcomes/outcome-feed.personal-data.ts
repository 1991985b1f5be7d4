import { declarePersonalData, notPersonal, pseudonymised } from '@app/contracts';
import { OutcomeFeedEntry } from './outcome-feed.repository';

export const OUTCOME_FEED_PERSONAL_DATA = declarePersonalData<OutcomeFeedEntry>({
  service: 'talent-pipeline',
  store: 'outcome_feed',
  about: "each school's pull feed of its students' placement outcomes",
  retention: "no expiry yet (the feed is the school's own students' record); pseudonymised by erasure",
  fields: {
    _id: notPersonal,
    schoolId: notPersonal,
    seq: notPersonal,
    event: pseudonymised(
      'the outcome event (studentId, programme, cohort, role, hire, end-of-placement summary): endOfPlacement.reason removed, studentId left as the pseudonym',
    ),
    recordedAt: notPersonal,
  },
});
