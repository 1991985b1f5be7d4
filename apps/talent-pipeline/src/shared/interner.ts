/**
 * One instance per distinct value, for read models that hold many documents repeating a few
 * values (programmes, cohorts, schools, skills): each document read from the database brings its
 * own copies of the same strings, and the in-memory pools would otherwise keep them all
 * (ADR 0060). Values handed out are shared, so callers must not mutate them.
 */
export class Interner {
  private readonly values = new Map<string, unknown>();

  string(value: string): string;
  string(value: string | undefined): string | undefined;
  string(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    return this.shared(`s:${value}`, () => value);
  }

  /** The instance kept under `key`, made by `make` the first time. */
  shared<T>(key: string, make: () => T): T {
    let value = this.values.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this.values.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.values.size;
  }
}
