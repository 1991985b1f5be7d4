import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

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
 * {@code MONGO_OPLOG} (true), {@code MONGO_COMMIT_DELAY_MS} (100: how often reads-only changes are
 * written out), {@code MONGO_COMMIT_ON_WRITE} (true: every write command is committed to the file
 * before it is acknowledged, so a hard kill loses no acknowledged write, as MongoDB with journaled
 * write concern; false: a hard kill can lose up to the commit delay of acknowledged writes).</p>
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
     * Commits the store after every write command, before the reply leaves: an acknowledged write
     * survives a kill -9 of this process (the file is written, not fsynced: the OS keeps it), as
     * journaled writes do in MongoDB. Commands run one at a time and the background commit is off,
     * so a commit never catches another command half-applied: the H2 backend writes a document
     * and its index entries as separate map updates, and a file holding one without the other
     * fails every later query on that index ("Expected one element but got zero").
     */
    private static final class CommitOnWriteBackend extends H2Backend {
        private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
                "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");
        private final Object lock = new Object();

        CommitOnWriteBackend(MVStore store) {
            super(store);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            synchronized (lock) {
                Document reply = super.handleCommand(channel, database, command, query);
                if (WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
                    commit();
                }
                return reply;
            }
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
        boolean oplog = Boolean.parseBoolean(setting(new String[0], 0, "MONGO_OPLOG", "true"));
        int commitDelayMs = Integer.parseInt(setting(new String[0], 0, "MONGO_COMMIT_DELAY_MS", "100"));
        boolean commitOnWrite = Boolean.parseBoolean(setting(new String[0], 0, "MONGO_COMMIT_ON_WRITE", "true"));

        Files.createDirectories(dataDir);
        File storeFile = dataDir.resolve("mongo.mv").toFile();

        MVStore store = new MVStore.Builder().fileName(storeFile.getPath()).open();
        // With commit-on-write every write is committed by its command; a background commit could
        // only catch a command half-applied.
        store.setAutoCommitDelay(commitOnWrite ? 0 : commitDelayMs);
        H2Backend backend = commitOnWrite ? new CommitOnWriteBackend(store) : new H2Backend(store);
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
                + ", wire " + version.getWireVersion() + ", oplog " + oplog + ", store " + storeFile + ")");
        stopped.await();
    }
}
