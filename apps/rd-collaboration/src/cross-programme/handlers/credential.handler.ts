import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CredentialIssued, CredentialRevoked, EventOf } from '@app/contracts';
import { PersonCopiesService } from '../../person-copies/person-copies.service';

/** Double-qualified teacher credentials, for the teacher -> project -> secondment -> credential trail. */
@Controller()
export class CredentialHandler {
  constructor(private readonly people: PersonCopiesService) {}

  @EventPattern(CredentialIssued.type)
  async onIssued(@Payload() event: EventOf<typeof CredentialIssued>): Promise<void> {
    const { credentialId, teacherId, schoolId, tier, issuedAt, verifyUrl } = event.data;
    await this.people.saveCredential({ _id: credentialId, teacherId, schoolId, tier, issuedAt, verifyUrl });
  }

  @EventPattern(CredentialRevoked.type)
  async onRevoked(@Payload() event: EventOf<typeof CredentialRevoked>): Promise<void> {
    const { credentialId, teacherId, schoolId, tier, reason, occurredAt } = event.data;
    await this.people.saveCredential({ _id: credentialId, teacherId, schoolId, tier, revokedAt: occurredAt, revokeReason: reason });
  }
}
