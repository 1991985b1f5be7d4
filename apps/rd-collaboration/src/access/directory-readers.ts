import { Injectable } from '@nestjs/common';
import { DirectoryReader, DirectoryReaders } from '@app/partner-directory';
import { AccessService } from './access.service';

/** This service's keys as readers of its partner directory (reviewers: the partner list only). */
@Injectable()
export class RdDirectoryReaders implements DirectoryReaders {
  constructor(private readonly access: AccessService) {}

  async readerOf(token: string): Promise<DirectoryReader | undefined> {
    const principal = await this.access.authenticate(token);
    if (!principal) return undefined;
    return principal.role === 'reviewer' ? { role: 'member', name: principal.role } : principal;
  }
}
