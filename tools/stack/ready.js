#!/usr/bin/env node
/*
 * Readiness probe used by tools/stack/stack.sh.
 *
 *   node tools/stack/ready.js kafka <port> [timeoutSec] [pid]
 *   node tools/stack/ready.js mongo <port> [timeoutSec] [pid]
 *
 * Kafka: a real metadata request (kafkajs admin.listTopics + describeCluster) against 127.0.0.1:<port>,
 *        then a warm-up: group coordinator lookup (describeGroups) and an idempotent producer's InitProducerId,
 *        so that the first application calls do not see "coordinator is loading" errors.
 * Mongo: db.admin().ping() with the mongodb driver against 127.0.0.1:<port>.
 * Retries until it succeeds (exit 0), the timeout passes (exit 1) or <pid> dies (exit 2).
 * Requires kafkajs / mongodb from the repository's node_modules.
 */
'use strict';
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const load = (name) => require(require.resolve(name, { paths: [repoRoot] }));

const [kind, portArg, timeoutArg, pidArg] = process.argv.slice(2);
const port = Number(portArg);
const timeoutMs = Number(timeoutArg || 60) * 1000;
const pid = pidArg ? Number(pidArg) : undefined;
const host = process.env.STACK_HOST || '127.0.0.1';

if (!['kafka', 'mongo'].includes(kind) || !port) {
  console.error('usage: ready.js kafka|mongo <port> [timeoutSec] [pid]');
  process.exit(64);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = () => {
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

async function probeKafka() {
  const { Kafka, logLevel } = load('kafkajs');
  const kafka = new Kafka({
    clientId: 'stack-ready',
    brokers: [`${host}:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    // the cluster must also have a controller/broker registered (metadata has at least one broker)
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0) throw new Error('no brokers in metadata yet');
    // warm-up so that the applications' first calls do not hit "coordinator is loading"/"not available":
    // the group coordinator (__consumer_offsets) ...
    await admin.describeGroups(['stack-ready']);
  } finally {
    await admin.disconnect().catch(() => {});
  }
  // ... and the producer-id allocation used by idempotent producers (__transaction_state / producer ids)
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
  try {
    await producer.connect();
  } finally {
    await producer.disconnect().catch(() => {});
  }
}

async function probeMongo() {
  const { MongoClient } = load('mongodb');
  const client = new MongoClient(`mongodb://${host}:${port}/?directConnection=true`, {
    serverSelectionTimeoutMS: 1000,
    connectTimeoutMS: 1000,
  });
  try {
    await client.connect();
    const res = await client.db('admin').admin().ping();
    if (!res || res.ok !== 1) throw new Error(`ping answered ${JSON.stringify(res)}`);
  } finally {
    await client.close().catch(() => {});
  }
}

async function main() {
  const probe = kind === 'kafka' ? probeKafka : probeMongo;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not tried';
  for (;;) {
    if (!alive()) {
      console.error(`${kind}: process ${pid} exited before becoming ready (last probe error: ${lastError})`);
      process.exit(2);
    }
    try {
      await probe();
      process.exit(0);
    } catch (err) {
      lastError = (err && err.message) || String(err);
      if (process.env.STACK_DEBUG) console.error(`[ready] ${new Date().toISOString()} ${kind}: ${lastError}`);
    }
    if (Date.now() >= deadline) {
      console.error(`${kind}: not ready on ${host}:${port} after ${timeoutMs / 1000}s (last probe error: ${lastError})`);
      process.exit(1);
    }
    await sleep(300);
  }
}

main();
