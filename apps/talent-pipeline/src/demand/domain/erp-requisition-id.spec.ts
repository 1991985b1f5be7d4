import { isUUID } from 'class-validator';
import { requisitionIdForErp } from './erp-requisition-id';

describe('requisitionIdForErp', () => {
  const enterprise = '9e8d7c6b-5a49-4382-b1a0-0f1e2d3c4b5a';

  it('is a version 5 UUID', () => {
    const id = requisitionIdForErp(enterprise, 'REQ-1');
    expect(isUUID(id, 5)).toBe(true);
  });

  it('is the same for the same enterprise and ERP requisition id', () => {
    expect(requisitionIdForErp(enterprise, 'REQ-1')).toBe(requisitionIdForErp(enterprise, 'REQ-1'));
  });

  it('differs by ERP requisition id and by enterprise', () => {
    const id = requisitionIdForErp(enterprise, 'REQ-1');
    expect(requisitionIdForErp(enterprise, 'REQ-2')).not.toBe(id);
    expect(requisitionIdForErp('0b6f8e0c-4c1e-4d0e-9a57-3f3d2a8e1c11', 'REQ-1')).not.toBe(id);
  });
});
