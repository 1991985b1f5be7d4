import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CredentialIssued, CredentialRevoked, EventOf } from '@app/contracts';
import { HandlesEvent } from '@app/messaging';
import { PersonCopiesService } from '../../person-copies/person-copies.service';

/** Double-qualified teacher credentials, for the teacher -> project -> secondment -> credential trail. */
@Controller()
export class CredentialHandler {
  constructor(private readonly people: PersonCopiesService) {}

  @HandlesEvent(CredentialIssued)
  async onIssued(@Payload() event: EventOf<typeof CredentialIssued>): Promise<void> {
    const { credentialId, teacherId, schoolId, tier, issuedAt, verifyUrl } = event.data;
    await this.people.saveCredential({ _id: credentialId, teacherId, schoolId, tier, issuedAt, verifyUrl });
  }

  @HandlesEvent(CredentialRevoked)
  async onRevoked(@Payload() event: EventOf<typeof CredentialRevoked>): Promise<void> {
    const { credentialId, teacherId, schoolId, tier, reason, occurredAt } = event.data;
    await this.people.saveCredential({ _id: credentialId, teacherId, schoolId, tier, revokedAt: occurredAt, revokeReason: reason });
  }
}
