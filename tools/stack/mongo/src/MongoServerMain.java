import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import java.lang.reflect.Field;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Local MongoDB-wire-compatible server for development and tests (no Docker).
 *
 * <p>mongo-java-server with the H2 MVStore backend; data lives in one file
 * ({@code <dataDir>/mongo.mv}) and survives restarts.</p>
 *
 * <p>Usage: {@code java -cp <jars>:<classes> MongoServerMain [port] [dataDir] [bindHost]}.
 * Each argument may also come from the environment: {@code MONGO_PORT} (27017),
 * {@code MONGO_DATA_DIR} (./mongo-data), {@code MONGO_BIND} (127.0.0.1).
 * Further environment: {@code MONGO_SERVER_VERSION} (5.0.0) and {@code MONGO_WIRE_VERSION} (13),
 * {@code MONGO_OPLOG} (false: no service uses change streams, ADR 0005, and the oplog costs every write a
 * second insert and grows without bound), {@code MONGO_COMMIT_DELAY_MS} (100: with
 * {@code MONGO_COMMIT_ON_WRITE=false}, how often applied writes are committed), {@code MONGO_COMMIT_ON_WRITE} (true: every write command is committed to the file
 * before it is acknowledged, so a hard kill loses no acknowledged write, as MongoDB with journaled
 * write concern; false: a hard kill can lose up to the commit delay of acknowledged writes),
 * {@code MONGO_CACHE_MB} (a quarter of the heap: H2's page cache, in decoded documents' estimated heap),
 * {@code MONGO_LOG_SCANS_OVER} (0: off; N: log to stderr every query that reads all of a collection
 * holding more than N documents, to find the filter that no index serves, and every query that
 * fetches more than N candidates an index gave).</p>
 *
 * <p>Why a custom version: mongo-java-server 1.47.0's {@code ServerVersion.MONGO_5_0} reports
 * maxWireVersion 8, but the Node driver 7 refuses servers below wire version 9 (MongoDB 4.4).
 * The version is only reported in hello/buildInfo; it does not switch features on in the server.</p>
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    private static String setting(String[] args, int index, String env, String fallback) {
        if (args.length > index && !args[index].isEmpty()) {
            return args[index];
        }
        String value = System.getenv(env);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /**
     * Opens every database with {@link KeyNarrowedH2Database}, so filters that name a unique key
     * among other fields are served from that key's index.
     */
    private static class KeyNarrowedH2Backend extends H2Backend {
        KeyNarrowedH2Backend(MVStore store) {
            super(store);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new KeyNarrowedH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        /**
         * Adds MongoDB's {@code metrics.queryExecutor.scannedObjects} (the documents queries
         * examined) and {@code scanned} (the index keys they examined). Tests read them to prove
         * a lookup used an index, and which, the same way on MongoDB.
         */
        @Override
        public Document getServerStatus() {
            Document status = super.getServerStatus();
            Document queryExecutor = new Document("scannedObjects", KeyNarrowedH2Collection.SCANNED_OBJECTS.get());
            queryExecutor.put("scanned", KeyNarrowedH2Collection.KEYS_EXAMINED.get());
            queryExecutor.put("hashedIn", HashedIn.USED.get());
            status.put("metrics", new Document("queryExecutor", queryExecutor));
            return status;
        }
    }

    /**
     * Commits the store after every write command, before the reply leaves: an acknowledged write
     * survives a kill -9 of this process (the file is written, not fsynced: the OS keeps it), as
     * journaled writes do in MongoDB. Commands run one at a time and the background commit is off,
     * so a commit never catches another command half-applied: the H2 backend writes a document
     * and its index entries as separate map updates, and a file holding one without the other
     * fails every later query on that index ("Expected one element but got zero").
     *
     * <p>Writes that arrive together share a commit (a group commit, as MongoDB's journal does):
     * a write command applies under the lock, lets go of it, and takes it again to commit, unless
     * a commit since then already holds its write. Commands from other connections that got the
     * lock in between are in that commit too. A copy-on-write commit writes every page it changed
     * whole, so writes into the same pages (inserts at the end of a collection) cost one page
     * write instead of several (ADR 0064).</p>
     *
     * <p>With {@code MONGO_COMMIT_ON_WRITE=false} the reply does not wait: a timer commits what was
     * applied every {@code MONGO_COMMIT_DELAY_MS}, still under the lock. MVStore's own background
     * writer is never used: it encodes stored documents while commands run, and the backend
     * changes some of them in place (a ConcurrentModificationException in the writer, after which
     * the store is closed and every command fails).</p>
     */
    private static final class CommittingBackend extends KeyNarrowedH2Backend {
        private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
                "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");
        private final Object lock = new Object();
        /** Write commands applied, and of those the ones a commit holds (both under {@link #lock}). */
        private long applied;
        private long committed;
        private long commits;
        /** Commits on a timer instead of before each reply; null when committing on write. */
        private final ScheduledExecutorService deferredCommits;

        /** @param deferredCommitMs 0: commit before each write's reply; otherwise every this many ms */
        CommittingBackend(MVStore store, int deferredCommitMs) {
            super(store);
            if (deferredCommitMs <= 0) {
                deferredCommits = null;
                return;
            }
            deferredCommits = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mongo-deferred-commit");
                thread.setDaemon(true);
                return thread;
            });
            deferredCommits.scheduleWithFixedDelay(this::commitApplied, deferredCommitMs, deferredCommitMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            long mine;
            Document reply;
            synchronized (lock) {
                reply = super.handleCommand(channel, database, command, query);
                if (!WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                    return reply;
                }
                mine = ++applied;
            }
            if (deferredCommits != null) {
                return reply;
            }
            // Other connections' commands may take the lock here and join the next commit.
            Thread.yield();
            synchronized (lock) {
                if (committed < mine) {
                    commitAppliedLocked();
                }
            }
            return reply;
        }

        private void commitApplied() {
            try {
                synchronized (lock) {
                    if (committed < applied && !getMvStore().isClosed()) {
                        commitAppliedLocked();
                    }
                }
            } catch (RuntimeException e) {
                // the next tick tries again; a thrown exception would end the schedule
                System.err.println("[mongo] deferred commit failed: " + e);
            }
        }

        private void commitAppliedLocked() {
            long upTo = applied;
            commit();
            committed = upTo;
            commits++;
        }

        @Override
        public void close() {
            if (deferredCommits != null) {
                deferredCommits.shutdownNow();
            }
            synchronized (lock) {
                super.close();
            }
        }

        /** Reports how many write commands shared a commit (serverStatus().metrics.standIn). */
        @Override
        public Document getServerStatus() {
            Document status = super.getServerStatus();
            synchronized (lock) {
                Document standIn = new Document("writeCommands", applied);
                standIn.put("commits", commits);
                ((Document) status.get("metrics")).put("standIn", standIn);
            }
            return status;
        }
    }

    private static final class KeyNarrowedH2Database extends H2Database {
        KeyNarrowedH2Database(String name, MVStore store, CursorRegistry cursorRegistry) {
            super(name, store, cursorRegistry);
        }

        /**
         * H2Database keeps the collection's maps private, so the plain collection it opens lends
         * them to ours (its constructor only records the data size when it is missing: opening
         * twice changes nothing).
         */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // Opened first with BSON values, so the plain collection's openMap(name) gets this map.
            BsonDocumentType.openDataMap(storeOf(this), getDatabaseName() + "." + collectionName);
            H2Collection plain = (H2Collection) super.openOrCreateCollection(collectionName, options);
            return new KeyNarrowedH2Collection(this, collectionName, options, mapOf(plain, "dataMap"),
                    mapOf(plain, "metaMap"), cursorRegistry);
        }

        /**
         * mongo-java-server runs every aggregation over the whole collection, so a
         * {@code countDocuments} (an aggregation starting with {@code $match}) scans it all, and it
         * does so under the commit lock, stalling every write meanwhile. MongoDB starts such a
         * pipeline from the indexes its {@code $match} names; this does the same: the documents an
         * index gives for that filter (as {@link KeyNarrowedH2Collection#queryDocuments} narrows a
         * find) feed the whole pipeline, whose own {@code $match} then keeps the matching ones.
         */
        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver,
                Oplog oplog) {
            if ("aggregate".equalsIgnoreCase(command)) {
                Document reply = aggregateFromMatch(query, databaseResolver, oplog);
                if (reply != null) {
                    return reply;
                }
            }
            return super.handleCommand(channel, command, query, databaseResolver, oplog);
        }

        /** The aggregation's reply, or null when it does not start with a plain $match on a collection (upstream runs it). */
        private Document aggregateFromMatch(Document query, DatabaseResolver databaseResolver, Oplog oplog) {
            if (!(query.get("aggregate") instanceof String collectionName)) {
                return null;
            }
            List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
            if (pipeline.isEmpty() || pipeline.get(0).size() != 1
                    || !(pipeline.get(0).get("$match") instanceof Document match)) {
                return null;
            }
            if (!(resolveCollection(collectionName, false) instanceof KeyNarrowedH2Collection collection)) {
                return null;
            }
            Aggregation aggregation = Aggregation.fromPipeline(pipeline, databaseResolver, this, collection, oplog);
            aggregation.validate(query);
            if (aggregation.isModifying()) {
                return null;
            }
            java.util.stream.Stream<Document> candidates = collection.candidatesFor(match);
            if (candidates == null) {
                return null;
            }
            List<Document> results = aggregation.runStages(candidates);
            Document cursor = new Document("id", 0L);
            cursor.put("ns", getDatabaseName() + "." + collectionName);
            cursor.put("firstBatch", results);
            Document reply = new Document("cursor", cursor);
            reply.put("ok", 1.0);
            return reply;
        }

        /** Opened first with {@link KeyValueType} keys, so the unique index's openMap(name) gets this map. */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            KeyValueType.openIndexMap(storeOf(this), getFullCollectionNamespace(collectionName) + KeyValueType.INDEX_INFIX + indexName);
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }

        /** mongo-java-server ignores non-unique indexes (an EmptyIndex); this keeps them, see {@link EqualityIndex}. */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            return new EqualityIndex(indexName, keys);
        }

        /** H2Database keeps its store private and opens collections from its constructor, before a subclass could keep it. */
        private static MVStore storeOf(H2Database database) {
            try {
                Field field = H2Database.class.getDeclaredField("mvStore");
                field.setAccessible(true);
                return (MVStore) field.get(database);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("mongo-java-server changed: H2Database.mvStore", e);
            }
        }

        @SuppressWarnings("unchecked")
        private static <K> MVMap<K, ?> mapOf(H2Collection collection, String fieldName) {
            try {
                Field field = H2Collection.class.getDeclaredField(fieldName);
                field.setAccessible(true);
                return (MVMap<K, ?>) field.get(collection);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("mongo-java-server changed: H2Collection." + fieldName, e);
            }
        }
    }

    /**
     * Stores a collection's documents as BSON, with mongo-java-server's own wire codec, instead of
     * H2's default (Java serialization for any object it does not know). The store is copy-on-write:
     * every commit writes each changed page whole, so a write of one document serializes every
     * document sharing its page. With Java serialization that was the stand-in's largest cost on
     * the hire path (ADR 0064); BSON is what the documents arrived as, so it also keeps their types
     * exactly as a client sees them.
     */
    static final class BsonDocumentType extends BasicDataType<Document> {
        static final BsonDocumentType INSTANCE = new BsonDocumentType();
        /** Names the store's format; stores written before ADR 0064 lack it and are converted once at start. */
        private static final String FORMAT_MAP = "standin.format";
        private static final String DATA_PREFIX = "databases.";

        static MVMap<Object, Document> openDataMap(MVStore store, String namespace) {
            return store.openMap(DATA_PREFIX + namespace, new MVMap.Builder<Object, Document>().valueType(INSTANCE));
        }

        /**
         * Converts a store written before ADR 0064 once, then records its format: documents from
         * Java serialization to BSON, and unique indexes re-sorted in {@link KeyValueType}'s order.
         */
        static void convertStore(MVStore store) {
            MVMap<String, String> format = store.openMap(FORMAT_MAP);
            if ("bson".equals(format.get("documents"))) {
                return;
            }
            for (String name : new ArrayList<>(store.getMapNames())) {
                if (name.startsWith(DATA_PREFIX)) {
                    MVMap<Object, Document> bson = reopen(store, name,
                            () -> openDataMap(store, name.substring(DATA_PREFIX.length())));
                    System.err.println("[mongo] converted " + bson.size() + " documents of " + name + " to BSON");
                } else if (name.contains(KeyValueType.INDEX_INFIX)) {
                    reopen(store, name, () -> KeyValueType.openIndexMap(store, name));
                }
            }
            format.put("documents", "bson");
            store.commit();
        }

        /** Reads a map with H2's default types, removes it, and writes its entries to the map {@code typed} opens under the same name. */
        @SuppressWarnings("unchecked")
        private static <K, V> MVMap<K, V> reopen(MVStore store, String name, java.util.function.Supplier<MVMap<K, V>> typed) {
            MVMap<Object, Object> old = store.openMap(name);
            Map<Object, Object> entries = new java.util.LinkedHashMap<>(old);
            store.removeMap(old);
            MVMap<K, V> map = typed.get();
            entries.forEach((key, value) -> map.put((K) key, (V) value));
            return map;
        }

        @Override
        public int getMemory(Document document) {
            return estimatedSize(document);
        }

        /**
         * One encoding buffer per thread, reused: a commit encodes every document of each changed
         * page, and a fresh buffer per document (grown by copying) was a seventh of everything the
         * stand-in allocated under ERP load, which its young collections then had to sweep.
         */
        private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));
        /** A buffer that grew past this for one large document is not kept. */
        private static final int KEPT_BUFFER_BYTES = 1 << 20;

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf bytes = ENCODING.get();
            bytes.clear();
            try {
                BsonEncoder.encodeDocument(document, bytes);
                int length = bytes.readableBytes();
                buffer.putVarInt(length);
                buffer.put(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length);
            } finally {
                if (bytes.capacity() > KEPT_BUFFER_BYTES) {
                    ENCODING.remove();
                }
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(bytes);
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }

        /** Values are only compared for equality (a conditional replace or remove). */
        @Override
        public int compare(Document a, Document b) {
            return a.equals(b) ? 0 : Integer.compare(System.identityHashCode(a), System.identityHashCode(b));
        }

        /**
         * About the heap a decoded document takes (64-bit JVM, compressed pointers), which is what
         * H2 means by a value's memory: it splits a page past 16 KiB of it, and sizes its page cache
         * in it. Counting only the BSON bytes let a leaf hold three to four times as many documents
         * (each commit writes its changed leaves whole) and let the cache hold more than its size.
         */
        static int estimatedSize(Object value) {
            if (value instanceof Map<?, ?> map) {
                int size = 100; // the Document, its LinkedHashMap and table
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += 48 + 40 + String.valueOf(entry.getKey()).length() + estimatedSize(entry.getValue());
                }
                return size;
            }
            if (value instanceof Collection<?> values) {
                int size = 40;
                for (Object element : values) {
                    size += 8 + estimatedSize(element);
                }
                return size;
            }
            if (value instanceof String text) {
                return 40 + text.length();
            }
            return 24;
        }
    }

    /**
     * Keys of a unique index's map. H2's default type compares objects it does not know (such as
     * mongo-java-server's {@link KeyValue}) by Java-serializing both, at every step of every
     * B-tree search: after the document format, the stand-in's largest cost on the hire path
     * (ADR 0064). This compares the values themselves, in MongoDB's order; keys are still stored
     * as before (Java serialization), only their order in the tree changes.
     */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        static final String INDEX_INFIX = "._index_";
        private static final KeyValueType INSTANCE = new KeyValueType();
        private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
        private final org.h2.mvstore.type.ObjectDataType storage = new org.h2.mvstore.type.ObjectDataType();

        static MVMap<KeyValue, Object> openIndexMap(MVStore store, String name) {
            return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(INSTANCE));
        }

        /**
         * A total order that is 0 exactly for equal keys: MongoDB's value order first; keys it
         * cannot tell apart that are still not equal (none among normalized values, as far as we
         * know) are ordered by their serialized form, as H2 ordered every key before.
         */
        @Override
        public int compare(KeyValue a, KeyValue b) {
            if (a == b) {
                return 0;
            }
            int bySize = Integer.compare(a.size(), b.size());
            if (bySize != 0) {
                return bySize;
            }
            for (int i = 0; i < a.size(); i++) {
                int byValue = VALUES.compare(a.get(i), b.get(i));
                if (byValue != 0) {
                    return byValue;
                }
            }
            return a.equals(b) ? 0 : storage.compare(a, b);
        }

        /** About the heap the key takes, as {@link BsonDocumentType#getMemory} counts a document. */
        @Override
        public int getMemory(KeyValue key) {
            int size = 56; // the KeyValue, its list and array
            for (Object value : key) {
                size += 8 + BsonDocumentType.estimatedSize(value);
            }
            return size;
        }

        /**
         * Keys whose values are all strings, numbers, booleans or null (every unique key the
         * services declare) are written compactly; any other key as before, Java-serialized. Java
         * serialization built an ObjectOutputStream per key for every key of each changed index
         * page at every commit: under ERP load, a tenth of the stand-in's CPU and a fifth of what it
         * allocated. {@link #read} tells the two apart by the first byte, so stores written before
         * keep working and their pages take the compact form as they change.
         */
        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            if (!CompactKey.fits(key)) {
                storage.write(buffer, key);
                return;
            }
            CompactKey.write(buffer, key);
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            if (buffer.get(buffer.position()) == CompactKey.TAG) {
                return CompactKey.read(buffer);
            }
            return (KeyValue) storage.read(buffer);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }

    /**
     * A unique index key of strings, numbers, booleans and nulls: a tag byte H2's own object
     * encoding never starts with, the count, then each value as a type byte and its bytes. Each
     * value reads back as the same class it was written as, so keys compare and match as before.
     */
    static final class CompactKey {
        /** ObjectDataType's type tags end at 119 (byte arrays of 0 to 15 bytes). */
        static final byte TAG = 127;
        private static final byte STRING = 's';
        private static final byte INTEGER = 'i';
        private static final byte LONG = 'l';
        private static final byte DOUBLE = 'd';
        private static final byte TRUE = 't';
        private static final byte FALSE = 'f';
        private static final byte NULL = 'n';

        static boolean fits(KeyValue key) {
            for (Object value : key) {
                if (value != null && !(value instanceof String) && !(value instanceof Integer) && !(value instanceof Long)
                        && !(value instanceof Double) && !(value instanceof Boolean)) {
                    return false;
                }
            }
            return true;
        }

        static void write(WriteBuffer buffer, KeyValue key) {
            buffer.put(TAG).putVarInt(key.size());
            for (Object value : key) {
                if (value == null) {
                    buffer.put(NULL);
                } else if (value instanceof String text) {
                    buffer.put(STRING).putVarInt(text.length()).putStringData(text, text.length());
                } else if (value instanceof Integer number) {
                    buffer.put(INTEGER).putInt(number);
                } else if (value instanceof Long number) {
                    buffer.put(LONG).putLong(number);
                } else if (value instanceof Double number) {
                    buffer.put(DOUBLE).putDouble(number);
                } else {
                    buffer.put((Boolean) value ? TRUE : FALSE);
                }
            }
        }

        static KeyValue read(ByteBuffer buffer) {
            buffer.get(); // TAG
            Object[] values = new Object[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < values.length; i++) {
                byte type = buffer.get();
                values[i] = switch (type) {
                    case NULL -> null;
                    case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
                    case INTEGER -> buffer.getInt();
                    case LONG -> buffer.getLong();
                    case DOUBLE -> buffer.getDouble();
                    case TRUE -> Boolean.TRUE;
                    case FALSE -> Boolean.FALSE;
                    default -> throw new IllegalStateException("unknown compact key value type " + type);
                };
            }
            return new KeyValue(values);
        }
    }

    /**
     * mongo-java-server uses an index only when the filter's fields are exactly the index's
     * fields, so {@code {_id, version}} (every versioned update), {@code {_id, leaseUntil}} (every
     * claim) or {@code {_id: {$in}, schoolId}} scan the whole collection. MongoDB narrows by any
     * index whose fields the filter names. This does the same for unique indexes: the filter's
     * top-level fields are ANDed, so the documents the index finds for its own fields hold every
     * match, and the whole filter is then applied to those few.
     */
    private static final class KeyNarrowedH2Collection extends H2Collection {
        @SuppressWarnings("unchecked")
        KeyNarrowedH2Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<?, ?> dataMap,
                MVMap<?, ?> metaMap, CursorRegistry cursorRegistry) {
            super(database, name, options, (MVMap<Object, Document>) dataMap, (MVMap<String, Object>) metaMap,
                    cursorRegistry);
        }

        static final AtomicLong SCANNED_OBJECTS = new AtomicLong();
        /** Positions read from indexes (MongoDB's index keys examined). */
        static final AtomicLong KEYS_EXAMINED = new AtomicLong();
        /** MONGO_LOG_SCANS_OVER: log every query that scans a collection of more documents than this (0: never). */
        static final long LOG_SCANS_OVER = Long.parseLong(setting(new String[0], 0, "MONGO_LOG_SCANS_OVER", "0"));

        /** Every document, for an aggregation that does not start with a $match: counted as examined, as MongoDB counts a collection scan. */
        @Override
        public java.util.stream.Stream<Document> queryAllAsStream() {
            SCANNED_OBJECTS.addAndGet(count());
            return super.queryAllAsStream();
        }

        /** The last filter whose `$in` conditions were hashed (one filter is checked against every candidate in turn). */
        private volatile HashedIn lastHashedIn;

        /**
         * Checks large `$in` conditions by a hash lookup ({@link HashedIn}); upstream compares
         * each document with every value of the list, so reading a batch of n documents by
         * {@code {_id: {$in: [n ids]}}} made n * n comparisons.
         */
        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            HashedIn hashed = lastHashedIn;
            if (hashed == null || hashed.query != query) {
                hashed = HashedIn.of(query);
                lastHashedIn = hashed;
            }
            if (!hashed.applies()) {
                return super.documentMatchesQuery(document, query);
            }
            Boolean in = hashed.contains(document);
            if (in == null) {
                return super.documentMatchesQuery(document, query);
            }
            return in && (hashed.rest.isEmpty() || super.documentMatchesQuery(document, hashed.rest));
        }

        /**
         * A multi-document update selected by {@code {_id: {$in: [many]}, ...}} runs as one update
         * per id, each an index probe: upstream matches every selected document against the
         * selector once more (for the positional operator) through its own matcher, against the
         * whole list again. The result is the same: ids are unique, each id is updated at most
         * once, and the counts add up.
         */
        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                boolean isMulti, boolean isUpsert, Oplog oplog) {
            return whileSelectingForChange(() -> updateEachById(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
        }

        private Document updateEachById(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                boolean isMulti, boolean isUpsert, Oplog oplog) {
            List<Object> ids = isMulti && !isUpsert && isOperatorUpdate(updateQuery) ? HashedIn.distinctIds(selector, getIdField()) : null;
            if (ids == null) {
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            }
            int matched = 0;
            int modified = 0;
            for (Object id : ids) {
                Document byId = new Document(selector);
                byId.put(getIdField(), id);
                Document result = super.updateDocuments(byId, updateQuery, arrayFilters, false, false, oplog);
                matched += ((Number) result.get("n")).intValue();
                modified += ((Number) result.get("nModified")).intValue();
            }
            Document result = new Document("n", matched);
            result.put("nModified", modified);
            return result;
        }

        /**
         * Set while this thread's update or findAndModify selects the documents it will change.
         * Upstream's update changes the document it selected in place (removing and putting its
         * fields) before storing it again, and the one it selects is the instance the store
         * holds: the same instance an earlier query's reply (encoded after the command, outside
         * this collection's lock), a cursor's remaining batch, or the store's commit may be
         * reading at that moment. An update therefore works on a shallow copy of each selected
         * document; upstream builds every new field value afresh, so stored instances are never
         * changed once stored and readers need no copies.
         */
        private static final ThreadLocal<Boolean> SELECTING_FOR_CHANGE = ThreadLocal.withInitial(() -> false);

        @Override
        public synchronized Document findAndModify(Document query) {
            return whileSelectingForChange(() -> super.findAndModify(query));
        }

        private static <T> T whileSelectingForChange(java.util.function.Supplier<T> change) {
            boolean outer = SELECTING_FOR_CHANGE.get();
            SELECTING_FOR_CHANGE.set(true);
            try {
                return change.get();
            } finally {
                SELECTING_FOR_CHANGE.set(outer);
            }
        }

        /** The selected documents as copies when they are about to be changed (see {@link #SELECTING_FOR_CHANGE}). */
        private static QueryResult copiedForChange(QueryResult selected) {
            if (!SELECTING_FOR_CHANGE.get()) {
                return selected;
            }
            List<Document> copies = new ArrayList<>();
            for (Document document : selected) {
                copies.add(new Document(document));
            }
            return new QueryResult(copies);
        }

        /** A multi-document update must use operators only; otherwise upstream refuses it, so it goes there. */
        private static boolean isOperatorUpdate(Document updateQuery) {
            return updateQuery.keySet().stream().allMatch(key -> key.startsWith("$"));
        }

        /**
         * For an aggregation's leading $match: the documents an index gives for the filter (all its
         * matches and maybe more; the $match stage then decides), read lazily one by one as the
         * pipeline pulls them, so a count over many documents holds none of them; null when no
         * index serves the filter (the aggregation then reads the collection, as upstream does).
         */
        java.util.stream.Stream<Document> candidatesFor(Document filter) {
            List<Object> candidates = positionsFor(filter);
            if (candidates == null) {
                if (LOG_SCANS_OVER > 0 && count() > LOG_SCANS_OVER) {
                    System.err.println("[mongo] scanned " + count() + " documents of " + getFullName()
                            + " for an aggregation matching " + filter);
                }
                return null;
            }
            SCANNED_OBJECTS.addAndGet(candidates.size());
            return candidates.stream().map(this::getDocument);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            List<Object> candidates = positionsFor(query);
            if (candidates == null) {
                int scanned = count();
                SCANNED_OBJECTS.addAndGet(scanned);
                if (LOG_SCANS_OVER > 0 && scanned > LOG_SCANS_OVER) {
                    System.err.println("[mongo] scanned " + scanned + " documents of " + getFullName() + " for " + query
                            + (orderBy == null || orderBy.isEmpty() ? "" : " sorted by " + orderBy));
                }
                return copiedForChange(matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector));
            }
            SCANNED_OBJECTS.addAndGet(candidates.size());
            return copiedForChange(matchDocuments(query, candidates, orderBy, numberToSkip, limit, batchSize, fieldSelector));
        }

        /**
         * The positions an index gives for the whole filter (as upstream), else the fewest that a
         * unique index gives for its fields or a secondary index for its first field, in `_id`
         * order as a scan would return them; null: scan (no index, or one that keeps most of
         * the collection).
         */
        private List<Object> positionsFor(Document query) {
            List<Index<Object>> indexes = getIndexes();
            for (Index<Object> index : indexes) {
                if (index.canHandle(query)) {
                    List<Object> positions = new ArrayList<>();
                    index.getPositions(query).forEach(positions::add);
                    KEYS_EXAMINED.addAndGet(positions.size());
                    return positions;
                }
            }
            // Fetching documents one by one by position costs about 1.5 times a sequential scan
            // per document (measured: 9,000 of 10,000 in 134 ms against 88), so, as a query
            // planner would, scan when the index leaves more than half of the collection.
            long mostWorthFetching = count() / 2;
            List<Object> fewest = null;
            // unique indexes first: they give a few positions, and then an equality index is
            // only read when its bound says it gives fewer still
            for (Index<Object> index : indexes) {
                if (index instanceof EqualityIndex) {
                    continue;
                }
                Document keyPart = keyPartOf(query, index);
                if (keyPart != null && index.canHandle(keyPart)) {
                    List<Object> candidates = new ArrayList<>();
                    index.getPositions(keyPart).forEach(candidates::add);
                    KEYS_EXAMINED.addAndGet(candidates.size());
                    if (fewest == null || candidates.size() < fewest.size()) {
                        fewest = candidates;
                    }
                }
            }
            for (Index<Object> index : indexes) {
                if (index instanceof EqualityIndex equality) {
                    List<Object> keys = equality.wantedKeys(query);
                    if (keys == null) {
                        continue;
                    }
                    long bound = equality.candidateBound(keys);
                    if (bound <= mostWorthFetching && (fewest == null || bound < fewest.size())) {
                        List<Object> candidates = equality.candidatesFor(keys);
                        KEYS_EXAMINED.addAndGet(candidates.size());
                        if (fewest == null || candidates.size() < fewest.size()) {
                            fewest = candidates;
                        }
                    }
                }
            }
            if (fewest == null || fewest.size() > mostWorthFetching) {
                return null;
            }
            if (LOG_SCANS_OVER > 0 && fewest.size() > LOG_SCANS_OVER) {
                System.err.println("[mongo] fetching " + fewest.size() + " candidates of " + getFullName() + " for " + query);
            }
            fewest.sort(ValueComparator.asc());
            return fewest;
        }

        /** The filter's conditions on the index's fields, or null when it does not name them all. */
        private static Document keyPartOf(Document query, Index<Object> index) {
            Document keyPart = new Document();
            for (IndexKey key : index.getKeys()) {
                if (!query.containsKey(key.getKey())) {
                    return null;
                }
                keyPart.put(key.getKey(), query.get(key.getKey()));
            }
            return keyPart.size() < query.size() ? keyPart : null;
        }
    }

    /**
     * A filter's top-level {@code {field: {$in: [values]}}} conditions with at least
     * {@link #HASH_FROM} plain values, as sets of keys, and the rest of the filter. MongoDB
     * looks an {@code $in} value up in a sorted list; mongo-java-server compares it with each
     * value in turn. Only plain values are hashed (strings, numbers, booleans, dates, ObjectIds,
     * UUIDs: {@link EqualityIndex#keyOf}, numbers as doubles like the matcher); a document whose
     * field holds an array or a value of another kind is left to the upstream matcher whole.
     */
    static final class HashedIn {
        static final int HASH_FROM = 8;
        /** Filters (and updates by id) that used it, for serverStatus().metrics.queryExecutor.hashedIn. */
        static final AtomicLong USED = new AtomicLong();

        final Document query;
        /** The hashed conditions: field, and the keys of its values. */
        private final Map<String, Set<Object>> keysByField;
        /** The filter without the hashed conditions. */
        final Document rest;

        private HashedIn(Document query, Map<String, Set<Object>> keysByField, Document rest) {
            this.query = query;
            this.keysByField = keysByField;
            this.rest = rest;
        }

        boolean applies() {
            return !keysByField.isEmpty();
        }

        /** Every query passes here once: one without a large {@code $in} (most) keeps its filter as it is. */
        static HashedIn of(Document query) {
            Map<String, Set<Object>> keysByField = new HashMap<>();
            for (String field : query.keySet()) {
                Set<Object> keys = field.startsWith("$") || field.contains(".") ? null : keysOf(query.get(field));
                if (keys != null) {
                    keysByField.put(field, keys);
                }
            }
            if (keysByField.isEmpty()) {
                return new HashedIn(query, keysByField, query);
            }
            USED.incrementAndGet();
            Document rest = new Document();
            for (String field : query.keySet()) {
                if (!keysByField.containsKey(field)) {
                    rest.put(field, query.get(field));
                }
            }
            return new HashedIn(query, keysByField, rest);
        }

        /** The values of a condition {@code {$in: [...]}} of at least HASH_FROM values, else null. */
        private static List<?> longInList(Object condition) {
            return condition instanceof Document operators && operators.size() == 1
                    && operators.get("$in") instanceof List<?> values && values.size() >= HASH_FROM ? values : null;
        }

        /** The keys of a condition {@code {$in: [plain values]}} of at least HASH_FROM values, else null. */
        private static Set<Object> keysOf(Object condition) {
            List<?> values = longInList(condition);
            if (values == null) {
                return null;
            }
            Set<Object> keys = new java.util.HashSet<>(values.size() * 2);
            for (Object value : values) {
                Object key = EqualityIndex.keyOf(value);
                if (key == null) {
                    return null;
                }
                keys.add(key);
            }
            return keys;
        }

        /** Whether the document meets every hashed condition; null when one of its values is not plain (the matcher decides). */
        Boolean contains(Document document) {
            for (Map.Entry<String, Set<Object>> condition : keysByField.entrySet()) {
                Object value = document.get(condition.getKey());
                if (value == null || value instanceof Document) {
                    return false; // missing, null or a document: never equal to a plain value
                }
                if (value instanceof Collection) {
                    return null; // an array matches by any element: the matcher's rules
                }
                Object key = EqualityIndex.keyOf(value);
                if (key == null) {
                    return null;
                }
                if (!condition.getValue().contains(key)) {
                    return false;
                }
            }
            return true;
        }

        /** The distinct ids of a selector {@code {_id: {$in: [plain values]}, ...}} with at least HASH_FROM of them, else null. */
        static List<Object> distinctIds(Document selector, String idField) {
            List<?> ids = longInList(selector.get(idField));
            if (ids == null) {
                return null;
            }
            Map<Object, Object> byKey = new java.util.LinkedHashMap<>();
            for (Object id : ids) {
                Object key = EqualityIndex.keyOf(id);
                if (key == null) {
                    return null;
                }
                byKey.putIfAbsent(key, id);
            }
            USED.incrementAndGet();
            return new ArrayList<>(byKey.values());
        }
    }

    /**
     * A non-unique index, in memory (rebuilt from the documents when the server starts, as
     * {@code addIndex} fills an empty index): the positions of the documents per value of the
     * index's first field. It only narrows a filter that asks that field for a plain value
     * ({@code {f: v}}, {@code {f: {$eq: v}}}, {@code {f: {$in: [v, ...]}}}); the whole filter is
     * then applied to the candidates, so it may give too many, never too few. Documents whose
     * value it cannot be sure about (nested arrays, other BSON types) are always candidates.
     */
    static final class EqualityIndex extends Index<Object> {
        private final String field;
        // Both maps hold one element as itself and only several as a {@link Many}: most documents
        // have one key per index and most keys one document; a set per entry (~200 bytes) was
        // 443,000 sets, ~90 MB of the live heap, after 40,000 hires (ADR 0068).
        /** Per key: a position, or the {@link Many} positions holding it. */
        private final Map<Object, Object> positionsByValue = new HashMap<>();
        /** Per position: its key, the {@link Many} keys of an array, or {@link #NO_KEYS}. */
        private final Map<Object, Object> valuesByPosition = new HashMap<>();
        private static final Object NO_KEYS = new Object();
        /** Positions whose value the index cannot key: candidates for every query. */
        private final Set<Object> always = new LinkedHashSet<>();
        private static final Object ALWAYS = new Object();

        EqualityIndex(String name, List<IndexKey> keys) {
            // "sparse": removing a document asks every index for its position; this one answers
            // null and the _id index answers (a sparse index may, a non-sparse one may not).
            super(name, keys, true);
            this.field = keys.get(0).getKey();
        }

        /** The key of a plain value: numbers compare as doubles, like the server's matcher. */
        private static Object keyOf(Object value) {
            if (value instanceof Long number && number != (long) number.doubleValue()) {
                return number;
            }
            if (value instanceof Number number) {
                double d = number.doubleValue();
                return d == -0.0 ? 0.0 : d;
            }
            if (value instanceof String || value instanceof Boolean || value instanceof Date || value instanceof Instant
                    || value instanceof ObjectId || value instanceof UUID) {
                return value;
            }
            return null;
        }

        /** Several keys or positions (one is held as itself). */
        private static final class Many extends java.util.HashSet<Object> {
            Many(Collection<?> elements) {
                super(elements);
            }
        }

        /** The elements of a map value: none, the one, or the {@link Many}. */
        private static Collection<Object> each(Object held) {
            if (held == null || held == NO_KEYS) {
                return List.of();
            }
            return held instanceof Many many ? many : List.of(held);
        }

        /** The keys of a document (as held: NO_KEYS, one, or Many), ALWAYS among them when one of its values cannot be keyed. */
        private Object keysOf(Document document) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, field);
            Set<Object> keys = new LinkedHashSet<>();
            Collection<?> values = value instanceof Collection<?> many ? many : List.of(value == null ? Missing.getInstance() : value);
            for (Object element : values) {
                if (Missing.isNullOrMissing(element) || element instanceof Document) {
                    continue; // never equal to a plain value
                }
                Object key = keyOf(element);
                keys.add(key == null ? ALWAYS : key);
            }
            return keys.isEmpty() ? NO_KEYS : keys.size() == 1 ? keys.iterator().next() : new Many(keys);
        }

        /** The keys the filter asks this field for, or null when it does not ask it for plain values only. */
        List<Object> wantedKeys(Document query) {
            if (!query.containsKey(field)) {
                return null;
            }
            Object condition = query.get(field);
            List<?> wanted;
            if (condition instanceof Document operators) {
                if (operators.size() != 1) {
                    return null;
                }
                if (operators.containsKey("$eq")) {
                    wanted = List.of(operators.get("$eq") == null ? Missing.getInstance() : operators.get("$eq"));
                } else if (operators.get("$in") instanceof List<?> in) {
                    wanted = in;
                } else {
                    return null;
                }
            } else {
                wanted = List.of(condition == null ? Missing.getInstance() : condition);
            }
            List<Object> keys = new ArrayList<>(wanted.size());
            for (Object value : wanted) {
                Object key = keyOf(value);
                if (key == null) {
                    return null; // null, a document, an array, a regex...: the matcher decides, by a scan
                }
                keys.add(key);
            }
            return keys;
        }

        /**
         * How many candidates the keys give at most, without collecting them: the planner
         * compares this with what the other indexes give, and collects only the fewest (a value
         * most documents share, as one school's whole feed, would otherwise be copied per query).
         */
        synchronized long candidateBound(List<Object> keys) {
            long bound = always.size();
            for (Object key : keys) {
                bound += each(positionsByValue.get(key)).size();
            }
            return bound;
        }

        /** The candidates for the keys (from {@link #wantedKeys}): every position holding one of them, and those it cannot key. */
        synchronized List<Object> candidatesFor(List<Object> keys) {
            Set<Object> candidates = new LinkedHashSet<>(always);
            for (Object key : keys) {
                candidates.addAll(each(positionsByValue.get(key)));
            }
            return new ArrayList<>(candidates);
        }

        private void index(Object position, Object keys) {
            valuesByPosition.put(position, keys);
            for (Object key : each(keys)) {
                if (key == ALWAYS) {
                    always.add(position);
                    continue;
                }
                Object held = positionsByValue.putIfAbsent(key, position);
                if (held instanceof Many many) {
                    many.add(position);
                } else if (held != null && !held.equals(position)) {
                    positionsByValue.put(key, new Many(List.of(held, position)));
                }
            }
        }

        private void unindex(Object position) {
            Object keys = valuesByPosition.remove(position);
            if (keys == null) {
                return;
            }
            always.remove(position);
            for (Object key : each(keys)) {
                Object held = positionsByValue.get(key);
                if (held instanceof Many many) {
                    if (many.remove(position) && many.size() == 1) {
                        positionsByValue.put(key, many.iterator().next());
                    }
                } else if (held != null && held.equals(position)) {
                    positionsByValue.remove(key);
                }
            }
        }

        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            index(position, keysOf(document));
        }

        /** In the H2 backend a document's position is its `_id`. */
        @Override
        public synchronized Object remove(Document document) {
            unindex(document.get("_id"));
            return null;
        }

        @Override
        public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                MongoCollection<Object> collection) throws KeyConstraintError {
            Object keys = keysOf(newDocument);
            if (keys.equals(valuesByPosition.get(position))) {
                return; // most updates change no indexed field
            }
            unindex(position);
            index(position, keys);
        }

        @Override
        public Object getPosition(Document document) {
            return null;
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Object> collection) {
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        }

        /** Never the whole filter's index: {@link KeyNarrowedH2Collection} asks {@link #candidatesFor}. */
        @Override
        public boolean canHandle(Document query) {
            return false;
        }

        @Override
        public Iterable<Object> getPositions(Document query) {
            throw new UnsupportedOperationException("use candidatesFor");
        }

        @Override
        public synchronized long getCount() {
            return valuesByPosition.size();
        }

        @Override
        public long getDataSize() {
            return 0;
        }

        @Override
        public synchronized void drop() {
            positionsByValue.clear();
            valuesByPosition.clear();
            always.clear();
        }
    }

    /** The version reported to clients in hello/isMaster/buildInfo. */
    private static final class ReportedVersion implements MongoVersion {
        private final List<Integer> versionArray = new ArrayList<>();
        private final int wireVersion;

        ReportedVersion(String version, int wireVersion) {
            for (String part : version.split("\\.")) {
                versionArray.add(Integer.parseInt(part));
            }
            while (versionArray.size() < 3) {
                versionArray.add(0);
            }
            this.wireVersion = wireVersion;
        }

        @Override
        public List<Integer> getVersionArray() {
            return versionArray;
        }

        @Override
        public int getWireVersion() {
            return wireVersion;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(setting(args, 0, "MONGO_PORT", "27017"));
        Path dataDir = Paths.get(setting(args, 1, "MONGO_DATA_DIR", "mongo-data")).toAbsolutePath();
        String bind = setting(args, 2, "MONGO_BIND", "127.0.0.1");
        ReportedVersion version = new ReportedVersion(
                setting(new String[0], 0, "MONGO_SERVER_VERSION", "5.0.0"),
                Integer.parseInt(setting(new String[0], 0, "MONGO_WIRE_VERSION", "13")));
        boolean oplog = Boolean.parseBoolean(setting(new String[0], 0, "MONGO_OPLOG", "false"));
        int commitDelayMs = Integer.parseInt(setting(new String[0], 0, "MONGO_COMMIT_DELAY_MS", "100"));
        boolean commitOnWrite = Boolean.parseBoolean(setting(new String[0], 0, "MONGO_COMMIT_ON_WRITE", "true"));

        Files.createDirectories(dataDir);
        File storeFile = dataDir.resolve("mongo.mv").toFile();

        // H2's page cache holds decoded pages; its default (16 MB) made a store larger than that
        // decode pages again at every visit. A quarter of the heap, as MongoDB gives its cache a
        // share of the memory it has.
        int cacheMb = Integer.parseInt(setting(new String[0], 0, "MONGO_CACHE_MB",
                String.valueOf(Math.max(16, Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024)))));
        MVStore store = new MVStore.Builder().fileName(storeFile.getPath()).cacheSize(cacheMb).open();
        // Commits are the backend's, on write or on its timer, under its command lock: MVStore's
        // background writer would encode documents while commands change them.
        store.setAutoCommitDelay(0);
        BsonDocumentType.convertStore(store);
        H2Backend backend = new CommittingBackend(store, commitOnWrite ? 0 : commitDelayMs);
        backend.version(version);

        MongoServer server = new MongoServer(backend);
        if (oplog) {
            server.enableOplog();
        }
        server.bind(bind, port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("[mongo] shutting down, flushing " + storeFile);
            try {
                server.shutdown(); // closes the backend, which commits and closes the MVStore
            } catch (RuntimeException e) {
                System.err.println("[mongo] shutdown error: " + e);
            } finally {
                if (!store.isClosed()) {
                    store.close();
                }
                stopped.countDown();
            }
        }, "mongo-shutdown"));

        System.err.println("[mongo] listening on " + bind + ":" + port + " (version " + version.toVersionString()
                + ", wire " + version.getWireVersion() + ", oplog " + oplog + ", cache " + cacheMb + " MB, store " + storeFile + ")");
        stopped.await();
    }
}
