#!/usr/bin/env node
/*
 * Round-trip smoke test of the local Kafka broker with the repo's kafkajs:
 * an idempotent producer (acks -1) sends N messages to a fresh topic, a consumer group reads them back.
 * Usage: node tools/stack/check-kafka.js [port]   (default $KAFKA_PORT or 9092)
 */
'use strict';
const path = require('path');
const repoRoot = path.resolve(__dirname, '..', '..');
const { Kafka, logLevel } = require(require.resolve('kafkajs', { paths: [repoRoot] }));

const port = Number(process.argv[2] || process.env.KAFKA_PORT || 9092);
const N = 20;

async function main() {
  const t0 = Date.now();
  const kafka = new Kafka({ clientId: 'stack-check', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.WARN });
  const topic = `stack-check-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: Array.from({ length: N }, (_, i) => ({ key: `k${i % 4}`, value: `v${i}` })),
  });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}-group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen = new Set();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.size}/${N} messages consumed within 30s`)), 30000);
    consumer
      .run({
        eachMessage: async ({ message }) => {
          seen.add(message.value.toString());
          if (seen.size === N) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  console.log(`[kafka-check] OK: ${N} messages produced (idempotent, acks -1) and consumed on ${topic} in ${Date.now() - t0} ms`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('[kafka-check] FAIL:', err);
    process.exit(1);
  },
);
