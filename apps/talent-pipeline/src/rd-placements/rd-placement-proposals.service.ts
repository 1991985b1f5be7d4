import { Injectable } from '@nestjs/common';
import { EventOf, RdPlacementProposed } from '@app/contracts';
import { PermanentFailureError } from '@app/messaging';
import { DuplicateKeyError } from '@app/persistence';
import { ProblemException } from '@app/base';
import { CreatePlacementDto, CreatePlacementSchema } from '../placements/dto/create-placement.dto';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';

export type RdPlacementProposal = EventOf<typeof RdPlacementProposed>;

/**
 * An R&D project's student proposed for an R&D internship (rd.placement.proposed.v1) becomes a
 * placement of kind `rd-internship` in its first state, through PlacementsService.create: the
 * same checks as a proposal over the HTTP API. The placement takes the id the event names, so a
 * redelivery finds it and creates nothing. A proposal the talent pipeline refuses (unknown
 * student or enterprise, a student of another school, no agreement covering R&D internships,
 * no consent) is a permanent failure: the record goes to the dead-letter topic, where an
 * operator can replay it once the cause is fixed (docs/reliability.md).
 */
@Injectable()
export class RdPlacementProposalsService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
  ) {}

  async apply(event: RdPlacementProposal): Promise<'created' | 'duplicate'> {
    const proposal = event.data;
    const existing = await this.placements.findById(proposal.placementId);
    if (existing) return this.duplicateOf(existing, event);
    const dto = this.placementRequest(event);
    const student = await this.students.findById(proposal.studentId);
    if (student && student.schoolId !== proposal.schoolId) {
      throw new PermanentFailureError(
        `rd.placement.proposed.v1 ${event.id}: student ${proposal.studentId} is not a student of school ${proposal.schoolId}`,
      );
    }
    try {
      await this.placements.create(dto, { id: proposal.placementId, cause: `${event.type} ${event.id}` });
      return 'created';
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        // The same proposal applied concurrently (another delivery of it): what it left must be this proposal.
        const raced = await this.placements.findById(proposal.placementId);
        if (raced) return this.duplicateOf(raced, event);
      }
      if (error instanceof ProblemException && error.getStatus() < 500) {
        const fields = (error.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
        throw new PermanentFailureError(
          `rd.placement.proposed.v1 ${event.id} refused: ${error.title}${error.detail ? ` (${error.detail})` : ''}${fields ? ` [${fields}]` : ''}`,
        );
      }
      throw error;
    }
  }

  /** The proposal as the HTTP API would receive it, validated by the same schema. */
  private placementRequest(event: RdPlacementProposal): CreatePlacementDto {
    const { studentId, enterpriseId, role, startDate, endDate } = event.data;
    const parsed = CreatePlacementSchema.safeParse({
      studentId,
      enterpriseId,
      kind: 'rd-internship',
      role,
      startDate,
      ...(endDate ? { endDate } : {}),
    });
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new PermanentFailureError(`rd.placement.proposed.v1 ${event.id} is not a valid placement proposal: ${issues}`);
    }
    return parsed.data as CreatePlacementDto;
  }

  /** A placement under the proposal's id must be this proposal's; anything else is never applied. */
  private duplicateOf(placement: PlacementDocument, event: RdPlacementProposal): 'duplicate' {
    const same =
      placement.kind === 'rd-internship' &&
      placement.studentId === event.data.studentId &&
      placement.enterpriseId === event.data.enterpriseId;
    if (!same) {
      throw new PermanentFailureError(
        `rd.placement.proposed.v1 ${event.id}: placement ${placement._id} exists and is not this proposal's (another student, enterprise or kind)`,
      );
    }
    return 'duplicate';
  }
}
