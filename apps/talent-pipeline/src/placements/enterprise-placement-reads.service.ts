import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { ConsentDocument } from '../consent/consent.document';
import { ConsentService } from '../consent/consent.service';
import { ConsentPurpose } from '../consent/domain/consent-purpose';
import { DisclosureInput, DisclosureService } from '../disclosures/disclosure.service';
import { personalFieldsIn, redactedPlacement } from './domain/placement-personal-fields';
import { ListPlacementsQuery } from './dto/list-placements.query';
import { PlacementActivitiesService } from './placement-activities.service';
import { PlacementDocument } from './placement.document';
import { AttendanceLog, EnterprisePlacementDetail, EnterprisePlacementPage } from './placement.response';
import { placementView } from './placement.view';
import { PlacementsService } from './placements.service';

/**
 * Either consent lets the enterprise read the student's part of its placement: `placement`
 * (the student agreed to be placed there) or `data-sharing-with-enterprise`.
 */
export const PLACEMENT_READ_PURPOSES: readonly ConsentPurpose[] = ['placement', 'data-sharing-with-enterprise'];

const ROUTES = {
  list: 'GET /v1/enterprises/{enterpriseId}/placements',
  get: 'GET /v1/enterprises/{enterpriseId}/placements/{id}',
  attendance: 'GET /v1/enterprises/{enterpriseId}/placements/{id}/attendance',
};

/**
 * An enterprise's reads of its placements, checked against the student's consent at the
 * moment of the read (docs/decisions/0011, 0039): with consent in force the personal fields
 * are shown and the disclosure is recorded in the ledger before the answer; without, the
 * placement and its list entry are answered with the personal fields redacted, and the
 * attendance log (nothing but personal data) is a 404.
 */
@Injectable()
export class EnterprisePlacementReadsService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly activities: PlacementActivitiesService,
    private readonly consents: ConsentService,
    private readonly disclosures: DisclosureService,
  ) {}

  async list(enterpriseId: string, query: ListPlacementsQuery, correlationId: string): Promise<EnterprisePlacementPage> {
    const page = await this.placements.list({ ...query, enterpriseId });
    const consents = await this.consents.consentsInForceFor(
      page.items.map((p) => p.studentId),
      enterpriseId,
      PLACEMENT_READ_PURPOSES,
    );
    const entries: DisclosureInput[] = [];
    const items = page.items.map((placement) => {
      const view = placementView(placement);
      const consent = consents.get(placement.studentId);
      if (!consent) return redactedPlacement(view);
      entries.push(entryFor(placement, consent, personalFieldsIn(view), ROUTES.list, correlationId));
      return view;
    });
    await this.disclosures.record(entries);
    return { items, nextCursor: page.nextCursor };
  }

  async get(enterpriseId: string, id: string, correlationId: string): Promise<EnterprisePlacementDetail> {
    const placement = await this.placements.get(id, enterpriseId);
    const detail = await this.placements.detail(placement);
    const consent = await this.consentFor(placement);
    if (!consent) return redactedPlacement(detail);
    await this.disclosures.record([entryFor(placement, consent, personalFieldsIn(detail), ROUTES.get, correlationId)]);
    return detail;
  }

  async attendance(enterpriseId: string, id: string, correlationId: string): Promise<AttendanceLog> {
    const placement = await this.placements.get(id, enterpriseId);
    const consent = await this.consentFor(placement);
    if (!consent) {
      throw new ProblemException(
        404,
        'attendance not disclosed',
        "the student's consent to share it with this enterprise (purpose 'placement' or 'data-sharing-with-enterprise') is not in force",
        undefined,
        { purposes: PLACEMENT_READ_PURPOSES },
      );
    }
    await this.disclosures.record([entryFor(placement, consent, ['studentId', 'attendance'], ROUTES.attendance, correlationId)]);
    return this.activities.listAttendance(id, enterpriseId);
  }

  private async consentFor(placement: PlacementDocument): Promise<ConsentDocument | undefined> {
    const consents = await this.consents.consentsInForceFor([placement.studentId], placement.enterpriseId, PLACEMENT_READ_PURPOSES);
    return consents.get(placement.studentId);
  }
}

function entryFor(
  placement: PlacementDocument,
  consent: ConsentDocument,
  fields: string[],
  route: string,
  correlationId: string,
): DisclosureInput {
  return {
    studentId: placement.studentId,
    schoolId: placement.schoolId,
    recipient: { kind: 'enterprise', id: placement.enterpriseId },
    fields,
    basis: { kind: 'consent', consentId: consent._id },
    channel: 'api',
    purpose: consent.purpose,
    route,
    correlationId,
  };
}
