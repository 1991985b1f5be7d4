/** The W3C Verifiable Credentials data model 2.0 context: first in every credential this service signs. */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The Open Badges 3.0 context, second in every OpenBadgeCredential. */
export const OB3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
