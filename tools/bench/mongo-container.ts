/**
 * `BENCH_MONGO=testcontainers npm run bench`: starts a MongoDB container (the image the tests use
 * with TEST_INFRA=testcontainers, a one-member replica set) for the bench, writes its connection
 * string to the file named by the first argument, and keeps it until this process is told to
 * stop (run-bench.sh does so on exit). Needs a Docker engine; testcontainers' reaper removes the
 * container should this process die without stopping it.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register tools/bench/mongo-container.ts URL_FILE
 */
import { writeFileSync } from 'node:fs';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { TESTCONTAINERS_MONGO_IMAGE } from '@app/testing';

async function main(): Promise<void> {
  const urlFile = process.argv[2];
  if (!urlFile) throw new Error('usage: mongo-container.ts URL_FILE');
  const container = await new MongoDBContainer(TESTCONTAINERS_MONGO_IMAGE).start();
  // the replica set advertises the container's host name: clients outside it connect directly
  writeFileSync(urlFile, `${container.getConnectionString()}?directConnection=true\n`);
  process.stdout.write(`[bench] MongoDB container ${TESTCONTAINERS_MONGO_IMAGE} up at ${container.getConnectionString()}\n`);
  const stop = () => void container.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // keeps the process (and so the container) alive until a signal
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  process.stderr.write(`[bench] could not start a MongoDB container (is a Docker engine running?): ${(error as Error).message}\n`);
  process.exit(1);
});
