import { idempotentIdFor, ProblemException } from '@app/base';
import { keyedRow } from './keyed-row';
import { ProjectDocument } from './project.document';

interface Row {
  rowId: string;
  title: string;
  dueOn?: string;
  status: string;
}

const project = (rows: Row[], _id = 'p-1') => ({ _id, rows }) as unknown as ProjectDocument & { rows: Row[] };

const keyed = (key: string | undefined, input: unknown, kind = 'milestone', caller = 'school:s-1') =>
  keyedRow<Row>({
    kind,
    caller,
    key,
    input,
    rowsOf: (p) => (p as unknown as { rows: Row[] }).rows,
    rowId: (r) => r.rowId,
    requestOf: ({ rowId: _id, status: _status, ...request }) => request,
  });

describe('keyedRow: the lookup and compare of a project row created with an Idempotency-Key (ADR 0083)', () => {
  const input = { title: 'Prototype', dueOn: '2026-06-30' };

  it('derives the row id from the kind, the project, the caller and the key; none without a key', () => {
    const p = project([]);
    expect(keyed('k', input).idIn(p)).toBe(idempotentIdFor('milestone', 'p-1', 'school:s-1', 'k'));
    expect(keyed('k', input, 'change request').idIn(p)).not.toBe(keyed('k', input).idIn(p));
    expect(keyed('k', input, 'milestone', 'enterprise:e-1').idIn(p)).not.toBe(keyed('k', input).idIn(p));
    expect(keyed('k', input).idIn(project([], 'p-2'))).not.toBe(keyed('k', input).idIn(p));
    expect(keyed(undefined, input).idIn(p)).toBeUndefined();
  });

  it('is a new request when no row has the derived id (or there is no key)', () => {
    const other = { rowId: 'someone-else', title: 'Prototype', dueOn: '2026-06-30', status: 'planned' };
    expect(keyed('k', input).retry(project([other]))).toBeUndefined();
    expect(keyed('k', input).isRetryOfStored(project([other]))).toBe(false);
    expect(keyed(undefined, input).retry(project([other]))).toBeUndefined();
  });

  it('answers a retry of the same request with nothing to write, whatever changed on the row since (its status)', () => {
    const rowId = idempotentIdFor('milestone', 'p-1', 'school:s-1', 'k');
    const p = project([{ rowId, title: 'Prototype', dueOn: '2026-06-30', status: 'accepted' }]);
    // Key order and absent optional fields do not make another request.
    const same = keyed('k', { dueOn: '2026-06-30', title: 'Prototype', note: undefined });
    expect(same.retry(p)).toEqual({ set: {} });
    expect(same.isRetryOfStored(p)).toBe(true);
  });

  it('refuses the key with another request: 422 naming Idempotency-Key, and no pass through a closed project', () => {
    const rowId = idempotentIdFor('milestone', 'p-1', 'school:s-1', 'k');
    const p = project([{ rowId, title: 'Prototype', dueOn: '2026-06-30', status: 'planned' }]);
    const another = keyed('k', { title: 'Prototype', dueOn: '2026-07-31' });
    expect(another.isRetryOfStored(p)).toBe(false);
    let refused: unknown;
    try {
      another.retry(p);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ProblemException);
    expect((refused as ProblemException).getStatus()).toBe(422);
    expect((refused as ProblemException).errors).toEqual([{ field: 'Idempotency-Key', message: 'already used for another milestone' }]);
  });

  it('tells a retry by a rule of its own where given (a row an erasure blanked), still before any rule and through a closed project', () => {
    const rowId = idempotentIdFor('participant', 'p-1', 'school:s-1', 'k');
    const p = project([{ rowId, title: '', status: 'erased' }]);
    const byRule = (isSame: boolean) =>
      keyedRow<Row>({
        kind: 'participant',
        caller: 'school:s-1',
        key: 'k',
        rowsOf: (doc) => (doc as unknown as { rows: Row[] }).rows,
        rowId: (r) => r.rowId,
        isSameRequest: (r) => isSame && r.rowId === rowId,
      });
    expect(byRule(true).retry(p)).toEqual({ set: {} });
    expect(byRule(true).isRetryOfStored(p)).toBe(true);
    expect(byRule(false).isRetryOfStored(p)).toBe(false);
    expect(() => byRule(false).retry(p)).toThrow(ProblemException);
    expect(byRule(true).retry(project([]))).toBeUndefined();
  });
});
