import { randomBytes } from 'node:crypto';

/**
 * Where the tests find Kafka and the Mongo-compatible server. `npm test` starts a local stack
 * on these ports (apart from the demo's 9092/27017); TEST_INFRA=testcontainers replaces it
 * with containers on machines that have a Docker engine.
 */
export function testKafkaBrokers(): string {
  return process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:19092';
}

export function testMongoUri(database: string): string {
  // TEST_MONGO_URL may carry options (testcontainers' replica set needs ?directConnection=true).
  return mongoUriWithDatabase(process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27018', database);
}

/**
 * `base` (a server address, with or without a database, credentials and options) naming
 * `database` instead. A database in `base` that served as the authentication database stays
 * that, as `authSource`.
 */
export function mongoUriWithDatabase(base: string, database: string): string {
  const scheme = /^mongodb(\+srv)?:\/\//.exec(base)?.[0];
  if (!scheme) throw new Error(`not a MongoDB connection string: ${redactMongoUrl(base)}`);
  const rest = base.slice(scheme.length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : rest.slice(queryAt + 1));
  // the host list ends at the first '/' after the credentials (a password may hold '/' only escaped)
  const slash = beforeQuery.indexOf('/', beforeQuery.lastIndexOf('@') + 1);
  const hosts = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const named = slash < 0 ? '' : decodeURIComponent(beforeQuery.slice(slash + 1));
  const hasCredentials = hosts.includes('@');
  if (named && hasCredentials && !query.has('authSource')) query.set('authSource', named);
  const options = query.toString();
  return `${scheme}${hosts}/${database}${options ? `?${options}` : ''}`;
}

/** Unique per test file and run, so suites run in parallel and rerun without cleanup. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The connection string without user name and password, for logs and reports. */
export function redactMongoUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}
