/**
 * Which Mongo server a bench run measured (connection strings: libs/testing `mongoUriWithDatabase`). `npm run bench`
 * starts the local stand-in (mongo-java-server) unless it is given a server: `BENCH_MONGO_URL`
 * (any MongoDB, e.g. a replica set the team runs) or `BENCH_MONGO=testcontainers` (a MongoDB
 * container, where a Docker engine runs). Issue 11 asks for both, so that the stand-in's figures
 * are not mistaken for MongoDB's; the report and the run history name the server of each run.
 */
import type { MongoClient } from 'mongodb';
import { redactMongoUrl } from '@app/testing';

export interface MongoServerInfo {
  /**
   * The stack's stand-in (its serverStatus carries `metrics.standIn`), FerretDB, MongoDB, or
   * another server speaking the protocol (no `gitVersion` in its buildInfo, as mongod always has).
   */
  kind: 'stand-in' | 'mongodb' | 'ferretdb' | 'other';
  /** What the server reports as its MongoDB version. */
  version: string;
  /** standalone, replica set <name>, or sharded (mongos). */
  topology: string;
  /** For the report and the run history: e.g. "MongoDB 8.0.4, replica set rs0". */
  label: string;
  /** The address without credentials. */
  address: string;
}

/** Asks the server what it is (buildInfo, isMaster, serverStatus: all three answered by the stand-in and by mongod). */
export async function describeMongoServer(client: MongoClient, url: string): Promise<MongoServerInfo> {
  const admin = client.db('admin');
  const build = (await admin.command({ buildInfo: 1 })) as { version?: string; gitVersion?: string; ferretdb?: { version?: string } };
  const hello = (await admin.command({ isMaster: 1 })) as { setName?: string; msg?: string };
  const status = (await admin.command({ serverStatus: 1 }).catch(() => ({}))) as { metrics?: { standIn?: unknown } };
  const version = build.version ?? 'unknown';
  const topology = hello.setName ? `replica set ${hello.setName}` : hello.msg === 'isdbgrid' ? 'sharded (mongos)' : 'standalone';
  const address = redactMongoUrl(url);
  if (status.metrics?.standIn !== undefined) {
    return { kind: 'stand-in', version, topology, address, label: `mongo-java-server stand-in (reports MongoDB ${version})` };
  }
  if (build.ferretdb) {
    return {
      kind: 'ferretdb',
      version,
      topology,
      address,
      label: `FerretDB ${build.ferretdb.version ?? '?'} (reports MongoDB ${version}), ${topology}`,
    };
  }
  if (!build.gitVersion) {
    return { kind: 'other', version, topology, address, label: `a Mongo-compatible server reporting MongoDB ${version}, ${topology}` };
  }
  return { kind: 'mongodb', version, topology, address, label: `MongoDB ${version}, ${topology}` };
}
