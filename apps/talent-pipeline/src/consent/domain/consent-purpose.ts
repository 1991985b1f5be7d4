/**
 * What a student (or guardian) lets an enterprise use their data for:
 * - `matching`: being ranked for the enterprise's demand;
 * - `placement`: being proposed and placed at the enterprise;
 * - `data-sharing-with-enterprise`: the enterprise may read the student's profile.
 */
export const CONSENT_PURPOSES = ['matching', 'placement', 'data-sharing-with-enterprise'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_GRANTORS = ['student', 'guardian'] as const;
export type ConsentGrantor = (typeof CONSENT_GRANTORS)[number];
