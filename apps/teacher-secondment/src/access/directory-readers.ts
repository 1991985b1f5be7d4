import { Injectable } from '@nestjs/common';
import { DirectoryReader, DirectoryReaders } from '@app/partner-directory';
import { AccessService } from './access.service';

/** This service's keys as readers of its partner directory (teachers and mentors: the partner list only). */
@Injectable()
export class SecondmentDirectoryReaders implements DirectoryReaders {
  constructor(private readonly access: AccessService) {}

  async readerOf(token: string): Promise<DirectoryReader | undefined> {
    const principal = await this.access.resolve(token);
    if (!principal) return undefined;
    if (principal.role === 'teacher' || principal.role === 'mentor') return { role: 'member', name: principal.role };
    return principal;
  }
}
