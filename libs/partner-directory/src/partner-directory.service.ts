import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { AgreementCopyDocument } from './agreement-copy.document';
import { AgreementDirectoryRepository } from './agreement-directory.repository';
import { DirectoryReader } from './directory-readers';
import { PartnerCopyDocument } from './partner-copy.document';
import { PartnerDirectoryRepository } from './partner-directory.repository';

/** Reads of this service's copies of partners and agreements, for the directory's own controllers. */
@Injectable()
export class PartnerDirectoryService {
  constructor(
    private readonly partners: PartnerDirectoryRepository,
    private readonly agreements: AgreementDirectoryRepository,
  ) {}

  listPartners(kind?: 'school' | 'enterprise'): Promise<PartnerCopyDocument[]> {
    return this.partners.list(kind);
  }

  partner(id: string): Promise<PartnerCopyDocument | null> {
    return this.partners.findById(id);
  }

  /**
   * The agreements a reader may see that match the filter: the operator's, all of them; a school's
   * or an enterprise's, those it is party to (a filter naming another party matches none).
   */
  async listAgreements(reader: DirectoryReader, filter: { schoolId?: string; enterpriseId?: string }): Promise<AgreementCopyDocument[]> {
    const own = this.ownPartyOf(reader);
    if (own && filter[own.field] !== undefined && filter[own.field] !== own.id) return [];
    return this.agreements.list(own ? { ...filter, [own.field]: own.id } : filter);
  }

  /** One agreement, if the reader may see it (another pair's agreement is not found, as for a missing one). */
  async agreement(reader: DirectoryReader, id: string): Promise<AgreementCopyDocument | null> {
    const own = this.ownPartyOf(reader);
    const agreement = await this.agreements.findById(id);
    return agreement && (!own || agreement[own.field] === own.id) ? agreement : null;
  }

  /** Which side of an agreement the reader is; undefined for the operator, who sees every agreement. */
  private ownPartyOf(reader: DirectoryReader): { field: 'schoolId' | 'enterpriseId'; id: string } | undefined {
    switch (reader.role) {
      case 'operator':
        return undefined;
      case 'school':
        return { field: 'schoolId', id: reader.schoolId };
      case 'enterprise':
        return { field: 'enterpriseId', id: reader.enterpriseId };
      case 'member':
        // Agreement terms are the parties' business; the partner list is open to every key.
        throw new ProblemException(403, 'forbidden', `this route is not for the ${reader.name} role`);
    }
  }
}
