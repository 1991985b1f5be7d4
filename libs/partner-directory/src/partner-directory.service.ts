import { Injectable } from '@nestjs/common';
import { AgreementCopyDocument } from './agreement-copy.document';
import { AgreementDirectoryRepository } from './agreement-directory.repository';
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

  listAgreements(filter: { schoolId?: string; enterpriseId?: string }): Promise<AgreementCopyDocument[]> {
    return this.agreements.list(filter);
  }

  agreement(id: string): Promise<AgreementCopyDocument | null> {
    return this.agreements.findById(id);
  }
}
