import { STUDENT_CONSENT_PURPOSES } from '@app/contracts';

/**
 * What a student (or guardian) lets an enterprise use their data for. The list is the shared
 * contract's (`privacy.consent.v1` carries it to the services that keep consent copies):
 * - `matching`: being ranked for the enterprise's demand;
 * - `placement`: being proposed and placed at the enterprise (and the enterprise reading that placement);
 * - `data-sharing-with-enterprise`: the enterprise may read the student's profile;
 * - `rd-project`: the enterprise may see the student's name on R&D project participant lists.
 */
export const CONSENT_PURPOSES = STUDENT_CONSENT_PURPOSES;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_GRANTORS = ['student', 'guardian'] as const;
export type ConsentGrantor = (typeof CONSENT_GRANTORS)[number];
