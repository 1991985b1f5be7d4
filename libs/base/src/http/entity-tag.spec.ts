import { ProblemException } from './problem.exception';
import { assertIfMatch, entityTagOf, ifMatchAllows } from './entity-tag';

describe('entity tags and If-Match', () => {
  it('tags a version as a quoted strong tag', () => {
    expect(entityTagOf(0)).toBe('"0"');
    expect(entityTagOf(12)).toBe('"12"');
  });

  it.each([
    [undefined, 3, true],
    ['*', 3, true],
    ['"3"', 3, true],
    ['"1", "3"', 3, true],
    ['"1","3"', 3, true],
    ['"2"', 3, false],
    ['W/"3"', 3, false],
    ['3', 3, false],
    ['"30"', 3, false],
    ['', 3, false],
    [' * ', 3, true],
    ['"1", *', 3, false],
  ])('If-Match %p against version %p: %p', (header, version, allowed) => {
    expect(ifMatchAllows(header, version)).toBe(allowed);
  });

  it('refuses with 412 naming the current tag', () => {
    expect(() => assertIfMatch('"4"', 4, 'student')).not.toThrow();
    let thrown: unknown;
    try {
      assertIfMatch('"2"', 4, 'student');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    const problem = thrown as ProblemException;
    expect(problem.getStatus()).toBe(412);
    expect(problem.title).toBe('precondition failed');
    expect(problem.detail).toContain('"4"');
    expect(problem.extensions).toEqual({ etag: '"4"' });
    expect(problem.headers).toEqual({ ETag: '"4"' });
  });
});
