#!/usr/bin/env node
/*
 * Feature probe of the local Mongo server (mongo-java-server) with the repo's mongoose/mongodb driver.
 * Usage: node tools/stack/check-mongo-compat.js [mongodb-uri]   (default mongodb://127.0.0.1:$MONGO_PORT)
 * Prints one line per feature (OK / FAIL + reason); exits 1 if any feature fails.
 * Uses a throwaway database (stack_compat_<timestamp>) and drops it at the end.
 */
'use strict';
const path = require('path');
const assert = require('assert');
const repoRoot = path.resolve(__dirname, '..', '..');
const mongoose = require(require.resolve('mongoose', { paths: [repoRoot] }));

const uri = process.argv[2] || `mongodb://127.0.0.1:${process.env.MONGO_PORT || 27017}`;
const dbName = `stack_compat_${Date.now()}`;

async function main() {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push([name, 'OK', '']);
    } catch (err) {
      results.push([name, 'FAIL', `${err && err.code !== undefined ? `code ${err.code}: ` : ''}${err && err.message}`]);
    }
  };

  const conn = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
  const db = conn.db;
  const hello = await db.admin().command({ hello: 1 }).catch(() => db.admin().command({ isMaster: 1 }));
  console.log(`[compat] connected ${uri} maxWireVersion=${hello.maxWireVersion} mongoose=${mongoose.version}`);

  const aggs = db.collection('aggregates');
  const counters = db.collection('counters');

  await check('insertOne', async () => {
    const r = await aggs.insertOne({ _id: 'a1', version: 1, name: 'x', outbox: [], history: [] });
    assert.strictEqual(r.insertedId, 'a1');
  });

  await check('createIndex unique + duplicate key error code 11000', async () => {
    await aggs.createIndex({ name: 1 }, { unique: true, name: 'uniq_name' });
    let err;
    try {
      await aggs.insertOne({ _id: 'a2', version: 1, name: 'x' });
    } catch (e) {
      err = e;
    }
    assert.ok(err, 'expected duplicate key error');
    assert.strictEqual(err.code, 11000, `got code ${err.code} ${err.message}`);
  });

  await check('mongoose model unique index (syncIndexes) + E11000 on save', async () => {
    const schema = new mongoose.Schema({ email: { type: String, unique: true }, n: Number });
    const User = conn.model('User', schema);
    await User.syncIndexes();
    await User.create({ email: 'a@b.c', n: 1 });
    let err;
    try {
      await User.create({ email: 'a@b.c', n: 2 });
    } catch (e) {
      err = e;
    }
    assert.ok(err && err.code === 11000, `expected 11000, got ${err && err.code}`);
  });

  await check('updateOne {_id, version} + $set + $inc + $push {$each}', async () => {
    const r = await aggs.updateOne(
      { _id: 'a1', version: 1 },
      {
        $set: { name: 'y' },
        $inc: { version: 1 },
        $push: { outbox: { $each: [{ id: 'e1', type: 'T' }, { id: 'e2', type: 'T' }, { id: 'e3', type: 'T' }] } },
      },
    );
    assert.strictEqual(r.matchedCount, 1);
    assert.strictEqual(r.modifiedCount, 1);
    const stale = await aggs.updateOne({ _id: 'a1', version: 1 }, { $set: { name: 'z' }, $inc: { version: 1 } });
    assert.strictEqual(stale.matchedCount, 0, 'optimistic concurrency: stale version must not match');
    const doc = await aggs.findOne({ _id: 'a1' });
    assert.strictEqual(doc.version, 2);
    assert.strictEqual(doc.name, 'y');
    assert.deepStrictEqual(doc.outbox.map((e) => e.id), ['e1', 'e2', 'e3']);
  });

  await check("query {'outbox.0': {$exists: true}}", async () => {
    await aggs.insertOne({ _id: 'a3', version: 1, name: 'empty', outbox: [] });
    const found = await aggs.find({ 'outbox.0': { $exists: true } }).toArray();
    assert.deepStrictEqual(found.map((d) => d._id), ['a1']);
  });

  await check('$pull {outbox: {id: {$in: [...]}}}', async () => {
    const r = await aggs.updateOne({ _id: 'a1' }, { $pull: { outbox: { id: { $in: ['e1', 'e3'] } } } });
    assert.strictEqual(r.modifiedCount, 1);
    const doc = await aggs.findOne({ _id: 'a1' });
    assert.deepStrictEqual(doc.outbox.map((e) => e.id), ['e2']);
  });

  await check('findOneAndUpdate upsert + $inc (counter, returnDocument after)', async () => {
    const a = await counters.findOneAndUpdate({ _id: 'seq' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
    const b = await counters.findOneAndUpdate({ _id: 'seq' }, { $inc: { value: 1 } }, { upsert: true, returnDocument: 'after' });
    // driver 7 returns the document itself by default (includeResultMetadata: false)
    assert.strictEqual(a.value, 1, JSON.stringify(a));
    assert.strictEqual(b.value, 2, JSON.stringify(b));
  });

  await check('mongoose Model.findOneAndUpdate upsert + $inc (returnDocument after)', async () => {
    const Counter = conn.model('Counter', new mongoose.Schema({ _id: String, seq: Number }, { versionKey: false }), 'mcounters');
    const a = await Counter.findOneAndUpdate({ _id: 'orders' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    const b = await Counter.findOneAndUpdate({ _id: 'orders' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    assert.strictEqual(a.seq, 1);
    assert.strictEqual(b.seq, 2);
  });

  await check('countDocuments (with and without filter)', async () => {
    assert.strictEqual(await aggs.countDocuments({}), 2);
    assert.strictEqual(await aggs.countDocuments({ version: 1 }), 1);
  });

  await check('estimatedDocumentCount', async () => {
    assert.strictEqual(await aggs.estimatedDocumentCount(), 2);
  });

  await check('sort + limit (+ skip)', async () => {
    const items = db.collection('items');
    await items.insertMany([5, 3, 9, 1, 7].map((n) => ({ n, g: n % 2 ? 'odd' : 'even' })));
    const top = await items.find({}).sort({ n: -1 }).limit(2).toArray();
    assert.deepStrictEqual(top.map((d) => d.n), [9, 7]);
    const page = await items.find({}).sort({ n: 1 }).skip(1).limit(2).toArray();
    assert.deepStrictEqual(page.map((d) => d.n), [3, 5]);
  });

  await check('aggregate $match/$group/$sort', async () => {
    const items = db.collection('items2');
    await items.insertMany([
      { g: 'a', v: 1, s: 'x' },
      { g: 'a', v: 2, s: 'x' },
      { g: 'b', v: 10, s: 'x' },
      { g: 'c', v: 5, s: 'y' },
    ]);
    const out = await items
      .aggregate([{ $match: { s: 'x' } }, { $group: { _id: '$g', total: { $sum: '$v' }, n: { $sum: 1 } } }, { $sort: { total: -1 } }])
      .toArray();
    assert.deepStrictEqual(out, [
      { _id: 'b', total: 10, n: 1 },
      { _id: 'a', total: 3, n: 2 },
    ]);
  });

  await check('$push with $each + $slice (keep last N)', async () => {
    for (let i = 1; i <= 5; i++) {
      await aggs.updateOne({ _id: 'a3' }, { $push: { history: { $each: [i], $slice: -3 } } });
    }
    const doc = await aggs.findOne({ _id: 'a3' });
    assert.deepStrictEqual(doc.history, [3, 4, 5]);
  });

  await check('bulkWrite (ordered) + insertMany', async () => {
    const c = db.collection('bulk');
    await c.insertMany([{ _id: 1 }, { _id: 2 }]);
    const r = await c.bulkWrite([
      { updateOne: { filter: { _id: 1 }, update: { $set: { x: 1 } } } },
      { deleteOne: { filter: { _id: 2 } } },
      { insertOne: { document: { _id: 3 } } },
    ]);
    assert.strictEqual(r.modifiedCount, 1);
    assert.strictEqual(r.deletedCount, 1);
    assert.strictEqual(r.insertedCount, 1);
  });

  await check('transaction (session.withTransaction)', async () => {
    const session = conn.getClient().startSession();
    try {
      await session.withTransaction(async () => {
        await db.collection('tx').insertOne({ _id: 't1' }, { session });
      });
    } finally {
      await session.endSession();
    }
  });

  await check('change stream (watch)', async () => {
    const c = db.collection('cs');
    const stream = c.watch([], { maxAwaitTimeMS: 200 });
    try {
      const next = stream.next();
      await new Promise((r) => setTimeout(r, 200));
      await c.insertOne({ _id: 'c1' });
      const ev = await Promise.race([next, new Promise((_, rej) => setTimeout(() => rej(new Error('no change event within 5s')), 5000))]);
      assert.strictEqual(ev.operationType, 'insert');
    } finally {
      await stream.close().catch(() => {});
    }
  });

  await db.dropDatabase().catch(() => {});
  await conn.close();

  const width = Math.max(...results.map((r) => r[0].length));
  for (const [name, status, why] of results) {
    console.log(`[compat] ${status.padEnd(4)} ${name.padEnd(width)} ${why}`);
  }
  const failed = results.filter((r) => r[1] !== 'OK').length;
  console.log(`[compat] ${results.length - failed} ok, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error('[compat] fatal:', err);
  process.exit(2);
});
