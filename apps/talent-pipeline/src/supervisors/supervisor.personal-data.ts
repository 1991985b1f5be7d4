import { declarePersonalData, notPersonal, otherPerson } from '@app/contracts';
import { SupervisorDocument } from './supervisor.document';

export const SUPERVISOR_PERSONAL_DATA = declarePersonalData<SupervisorDocument>({
  service: 'talent-pipeline',
  store: 'supervisors',
  about: 'teachers offered as placement supervisors (a copy from secondment.supervisor.v1)',
  retention: 'until the secondment service withdraws the offer',
  fields: {
    _id: otherPerson('teacher id'),
    schoolId: notPersonal,
    displayName: otherPerson("the teacher's name"),
    subject: otherPerson('the teacher’s subject'),
    tier: otherPerson('the teacher’s credential tier'),
    credentialId: otherPerson('the teacher’s credential'),
    status: notPersonal,
    withdrawnReason: notPersonal,
    lastEventAt: notPersonal,
    fromEvent: notPersonal,
    copiedAt: notPersonal,
  },
});
