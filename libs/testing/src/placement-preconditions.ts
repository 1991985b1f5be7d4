import { httpJson } from './http-client';

/** What the talent pipeline asks before it proposes a placement, set up through its HTTP API. */
export interface PlacementPreconditions {
  baseUrl: string;
  /** The operator's admin token. */
  adminToken: string;
  schoolId: string;
  enterpriseId: string;
  studentId: string;
  /** Kinds the cooperation agreement covers (default: all four). */
  kinds?: string[];
}

/**
 * An active cooperation agreement between the school and the enterprise (2020–2099, so any test
 * date falls within it) and the student's consent to be placed there: the two things a
 * placement needs besides its student and enterprise.
 */
export async function allowPlacement(options: PlacementPreconditions): Promise<{ agreementId: string; consentId: string }> {
  const agreementId = await activateAgreement(options);
  const consentId = await grantPlacementConsent(options);
  return { agreementId, consentId };
}

export async function activateAgreement(options: Omit<PlacementPreconditions, 'studentId'>): Promise<string> {
  const { baseUrl, adminToken: token, schoolId, enterpriseId } = options;
  const agreement = await expectStatus(
    201,
    'create agreement',
    httpJson('POST', `${baseUrl}/v1/agreements`, {
      token,
      body: {
        schoolId,
        enterpriseId,
        scope: 'Work-based learning',
        period: { from: '2020-01-01', to: '2099-12-31' },
        placementKinds: options.kinds ?? ['internship', 'apprenticeship', 'work-study', 'job'],
      },
    }),
  );
  const activate = httpJson('POST', `${baseUrl}/v1/agreements/${agreement.id}/status`, { token, body: { to: 'active' } });
  await expectStatus(200, 'activate agreement', activate);
  return agreement.id;
}

export async function grantPlacementConsent(options: Omit<PlacementPreconditions, 'schoolId' | 'kinds'>): Promise<string> {
  const { baseUrl, adminToken: token, enterpriseId, studentId } = options;
  const consent = await expectStatus(
    201,
    'grant placement consent',
    httpJson('POST', `${baseUrl}/v1/students/${studentId}/consents`, {
      token,
      body: { enterpriseId, purpose: 'placement', grantedBy: 'student' },
    }),
  );
  return consent.id;
}

async function expectStatus(status: number, what: string, response: Promise<{ status: number; body: any }>): Promise<any> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
