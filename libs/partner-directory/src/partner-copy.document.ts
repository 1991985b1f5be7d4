export interface PartnerCopyDocument {
  /** The partner id in the talent pipeline's registry. */
  _id: string;
  kind: 'school' | 'enterprise';
  name: string;
  country: string;
  industry?: string;
  registeredAt: string;
  /** The event this copy was last written from (source|id). */
  fromEvent: string;
  copiedAt: Date;
}
