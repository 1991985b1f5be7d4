import { mongoUriWithDatabase, redactMongoUrl } from './test-infrastructure';

describe('mongoUriWithDatabase', () => {
  it.each([
    ['mongodb://127.0.0.1:37017', 'mongodb://127.0.0.1:37017/bench_1'],
    ['mongodb://127.0.0.1:37017/', 'mongodb://127.0.0.1:37017/bench_1'],
    ['mongodb://h1:27017,h2:27017/?replicaSet=rs0', 'mongodb://h1:27017,h2:27017/bench_1?replicaSet=rs0'],
    ['mongodb://localhost:32768/?directConnection=true', 'mongodb://localhost:32768/bench_1?directConnection=true'],
    // a database in the address is replaced; without credentials it authenticated nothing
    ['mongodb://h1/other?w=majority', 'mongodb://h1/bench_1?w=majority'],
    ['mongodb+srv://cluster0.example.net', 'mongodb+srv://cluster0.example.net/bench_1'],
  ])('%s -> %s', (base, expected) => {
    expect(mongoUriWithDatabase(base, 'bench_1')).toBe(expected);
  });

  it('keeps the database it replaces as the authentication database when there are credentials', () => {
    expect(mongoUriWithDatabase('mongodb://bench:s%2Fcret@h1:27017/admin', 'bench_1')).toBe(
      'mongodb://bench:s%2Fcret@h1:27017/bench_1?authSource=admin',
    );
    expect(mongoUriWithDatabase('mongodb://bench:pw@h1/admin?authSource=users', 'bench_1')).toBe(
      'mongodb://bench:pw@h1/bench_1?authSource=users',
    );
    expect(mongoUriWithDatabase('mongodb://bench:pw@h1', 'bench_1')).toBe('mongodb://bench:pw@h1/bench_1');
  });

  it('refuses what is not a MongoDB connection string, without echoing credentials', () => {
    expect(() => mongoUriWithDatabase('postgres://u:secret@h/db', 'x')).toThrow(/not a MongoDB connection string/);
    expect(() => mongoUriWithDatabase('http://u:secret@h/db', 'x')).toThrow(/^(?!.*secret)/);
  });
});

describe('redactMongoUrl', () => {
  it('drops the user name and password, keeps hosts, database and options', () => {
    expect(redactMongoUrl('mongodb://bench:pw@h1:27017,h2/admin?replicaSet=rs0')).toBe('mongodb://h1:27017,h2/admin?replicaSet=rs0');
    expect(redactMongoUrl('mongodb+srv://u:p@cluster0.example.net')).toBe('mongodb+srv://cluster0.example.net');
    expect(redactMongoUrl('mongodb://127.0.0.1:37017')).toBe('mongodb://127.0.0.1:37017');
  });
});
