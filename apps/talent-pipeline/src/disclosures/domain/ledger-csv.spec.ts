import { ledgerCsv } from './ledger-csv';

describe('ledger CSV', () => {
  it('writes a header and one line per entry, CRLF, fields joined by ; and quoted', () => {
    const csv = ledgerCsv([
      {
        id: 'd-1',
        disclosedAt: new Date('2026-12-01T08:00:00Z'),
        service: 'rd-collaboration',
        recipient: { kind: 'enterprise', id: 'e-1' },
        fields: ['name', 'role'],
        basis: { kind: 'consent', consentId: 'c-1' },
        channel: 'api',
        purpose: 'GET /v1/projects/{projectId}',
      },
    ]);
    expect(csv).toBe(
      'disclosedAt,service,recipientKind,recipientId,fields,basis,consentId,agreementId,channel,purpose,route,disclosureId\r\n' +
        '2026-12-01T08:00:00.000Z,rd-collaboration,enterprise,e-1,"name;role",consent,c-1,,api,GET /v1/projects/{projectId},,d-1\r\n',
    );
  });
});
