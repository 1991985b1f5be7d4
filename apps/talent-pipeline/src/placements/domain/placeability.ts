/**
 * The titles of the problems PlacementsService.create answers with when a cooperation rule
 * refuses a placement. Named once: the R&D proposals read them to tell the project why.
 */
export const PlaceabilityProblem = {
  noAgreement: 'no cooperation agreement',
  consentMissing: 'consent missing',
} as const;
