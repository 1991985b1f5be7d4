import { operatorCallerOf, OperatorKeysSetting } from '@app/base';
import { main, UsageError } from './ops';

describe('ops operator-key', () => {
  const run = async (argv: string[]) => {
    const lines: string[] = [];
    await main(argv, (line) => lines.push(line));
    return lines.join('\n');
  };

  it('prints a new key and the OPERATOR_KEYS entry that makes a service know it as that operator', async () => {
    const made = JSON.parse(await run(['operator-key', 'dana@ops', '--json'])) as { key: string; entry: string };
    expect(made.entry).not.toContain(made.key);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(made.entry) };
    expect(operatorCallerOf(made.key, config)).toEqual({
      via: 'operator-key',
      operatorId: 'dana@ops',
      permissions: ['read-personal-data'],
    });
    const again = JSON.parse(await run(['operator-key', 'dana@ops', '--json'])) as { key: string };
    expect(again.key).not.toBe(made.key);
    expect(await run(['operator-key', 'dana@ops'])).toMatch(
      /^operator key \(give it to the operator; shown once\): op_\S+\nOPERATOR_KEYS entry: dana@ops:[0-9a-f]{64}$/,
    );
  });

  it('puts the last day into the entry: the key works through that day (UTC) and not after', async () => {
    const made = JSON.parse(await run(['operator-key', 'dana@ops', '--last-day', '2027-03-31', '--json'])) as {
      key: string;
      entry: string;
    };
    expect(made.entry).toMatch(/^dana@ops:[0-9a-f]{64}:2027-03-31$/);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(made.entry) };
    expect(operatorCallerOf(made.key, config, new Date('2027-03-31T23:59:59Z'))).toEqual({
      via: 'operator-key',
      operatorId: 'dana@ops',
      permissions: ['read-personal-data'],
    });
    expect(operatorCallerOf(made.key, config, new Date('2027-04-01T00:00:00Z'))).toBeUndefined();
    await expect(run(['operator-key', 'dana@ops', '--last-day', '2027-02-30'])).rejects.toBeInstanceOf(UsageError);
  });

  it('--no-personal-data writes the restricted entry: the key is the operator, without the permission to read personal data', async () => {
    const made = JSON.parse(await run(['operator-key', 'sam@support', '--no-personal-data', '--json'])) as { key: string; entry: string };
    expect(made.entry).toMatch(/^sam@support:[0-9a-f]{64}:no-personal-data$/);
    const dated = JSON.parse(await run(['operator-key', 'sam@support', '--last-day', '2027-03-31', '--no-personal-data', '--json'])) as {
      key: string;
      entry: string;
    };
    expect(dated.entry).toMatch(/^sam@support:[0-9a-f]{64}:2027-03-31:no-personal-data$/);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(`${made.entry},${dated.entry}`) };
    expect(operatorCallerOf(made.key, config)).toEqual({ via: 'operator-key', operatorId: 'sam@support', permissions: [] });
    expect(operatorCallerOf(dated.key, config, new Date('2027-03-31T23:59:59Z'))).toEqual({
      via: 'operator-key',
      operatorId: 'sam@support',
      permissions: [],
    });
    expect(operatorCallerOf(dated.key, config, new Date('2027-04-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses an id that OPERATOR_KEYS could not hold, or none, as a usage error', async () => {
    await expect(run(['operator-key', 'a,b'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['operator-key'])).rejects.toBeInstanceOf(UsageError);
  });
});
