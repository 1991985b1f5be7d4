import { Schema } from 'mongoose';

/**
 * The stock peer's collections, as a NestJS + mongoose user would model them: a placement, a
 * processed-event record for idempotency (its _id is the dedupe key, so a redelivery fails the
 * insert), and the outcome written for the school.
 */
export const PeerPlacementSchema = new Schema(
  {
    _id: String,
    schoolId: String,
    enterpriseId: String,
    status: String,
    hire: { positionTitle: String, hireDate: String },
    history: [{ status: String, at: Date, cause: String }],
  },
  { versionKey: false },
);

export const ProcessedEventSchema = new Schema({ _id: String, at: Date }, { versionKey: false });

export const PeerOutcomeSchema = new Schema(
  { _id: String, schoolId: String, placementId: String, type: String, occurredAt: Date },
  { versionKey: false },
);
