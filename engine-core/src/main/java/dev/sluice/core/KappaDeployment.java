package dev.sluice.core;

import dev.sluice.core.function.PipelineDefinitionException;
import dev.sluice.core.sink.Transactional;
import dev.sluice.core.source.LogSource;
import dev.sluice.log.Log;
import dev.sluice.log.LogCursor;
import dev.sluice.log.LogReader;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Versions of one pipeline over one log, run as a Kappa architecture: there is no batch layer, and changing the
 * logic means deploying a new version that replays the log.
 * <pre>
 *   log          [start ....................................................... head ...
 *   v1 serving    ==================================================================&gt;|   follows the tail
 *   v2 deployed        ====================&gt;                                              replays from the start
 *   cut-over     once v2's lag has stayed at zero: v2 serves, v1 stops, v1's output is kept or deleted
 * </pre>
 * Each version ({@code PipelineBuilder.named(name, version)}; one name per deployment) runs STREAMING on a thread of
 * its own, from the start of the log or a chosen position, with its own log cursor ({@code name-vN}), state,
 * checkpoints ({@code D/vN/checkpoints}) and output (its sinks: give each version its own, e.g. an
 * {@code EventLogSink} in a directory named for the version). The first version deployed serves at once; a later
 * one catches up beside it while it keeps serving, and its lag (records, bytes, event time behind the newest
 * version's watermark) is in {@link #status()}. A version counts as caught up once every duty cycle for
 * {@link KappaConfig#caughtUpFor} has read up to the head it started from; the newest caught-up version then takes
 * over by itself ({@link KappaConfig#autoCutOver}) or on {@link #cutOver()}.
 * <p>
 * What a deployment decided is in {@code D/kappa.properties} (which version serves, which were retired, where each
 * started and writes), replaced atomically at each change: a process killed at any moment and started again
 * deploys its versions again, and each resumes from its newest checkpoint, its output exactly once where its sinks
 * are transactional. A new version takes a checkpoint before it reads its first record, so that even a kill before
 * its first scheduled one resumes into the output it began.
 * <p>
 * Refused, with the state and the way out: a pipeline of another name or log, a version that already runs or was
 * retired, one older than the serving version, two versions writing one output directory (or sharing a sink or a
 * codec), a start position that is not a record of the log, and a cut-over to a version that lags.
 * <p>
 * Threads: one per running version ({@code sluice-kappa-NAME-vN}); the methods here may be called from any thread.
 * A version the deployment stops has its transactional sinks closed (a sink given a log of the caller's leaves that
 * log open).
 */
public final class KappaDeployment implements AutoCloseable
{
    /** The file, in the deployment's directory, that says which version serves. */
    public static final String MANIFEST_FILE = "kappa.properties";

    /** A version's part in the deployment. */
    public enum Role
    {
        /** Its output is the one readers read. */
        SERVING,
        /** Deployed beside the serving version, catching up or caught up. */
        CANDIDATE,
        /** Replaced by a newer version; stopped. */
        RETIRED
    }

    /**
     * One version, as the deployment last saw it.
     *
     * @param name            the pipeline's name.
     * @param version         its version.
     * @param role            serving, candidate or retired.
     * @param running         true while its thread runs it in this process.
     * @param caughtUp        true when its lag has stayed at zero for {@link KappaConfig#caughtUpFor}.
     * @param fromPosition    where it started reading the log.
     * @param position        where it reads next.
     * @param recordsIn       records read since it started (over restarts).
     * @param eventsOut       events (or results) handed to its sinks.
     * @param lagRecords      records appended that it has not read.
     * @param lagBytes        bytes of log that it has not read.
     * @param eventTimeLagMs  event time behind the version that has read furthest in event time (its watermark
     *                        below that one's); -1 when unknown (no timestamps, or nothing read yet).
     * @param outputDirectory where its transactional sinks write, or null.
     * @param failure         what stopped its thread, or null.
     */
    public record VersionStatus(
        String name,
        int version,
        Role role,
        boolean running,
        boolean caughtUp,
        long fromPosition,
        long position,
        long recordsIn,
        long eventsOut,
        long lagRecords,
        long lagBytes,
        long eventTimeLagMs,
        Path outputDirectory,
        Throwable failure)
    {
        /**
         * @return e.g. {@code v2 candidate: read 41200 records, 5800 (232.0 KB, 1400 ms of event time) behind the
         * head, catching up}.
         */
        public String toString()
        {
            if (!running)
            {
                return "v" + version + " " + role.name().toLowerCase() + ": not running" +
                    (null == failure ? "" : ", failed: " + failure);
            }
            return "v" + version + " " + role.name().toLowerCase() + ": read " + recordsIn + " records, " +
                (lagRecords == 0 ? "at the head" : lagRecords + " (" + String.format("%.1f KB", lagBytes / 1024.0) +
                (eventTimeLagMs >= 0 ? ", " + eventTimeLagMs + " ms of event time" : "") + ") behind the head") +
                (role != Role.CANDIDATE ? "" : caughtUp ? ", caught up" : ", catching up") +
                (null == failure ? "" : ", failed: " + failure);
        }
    }

    private final Log log;
    private final Path dir;
    private final KappaConfig config;
    private final ReentrantLock control = new ReentrantLock();
    private final Map<Integer, Running> running = new TreeMap<>();
    private final Map<Integer, Recorded> recorded = new TreeMap<>();
    private String name;
    private boolean closed;

    /** What the manifest holds of one version. */
    private record Recorded(Role role, long from, Path output)
    {
    }

    private KappaDeployment(final Log log, final Path dir, final KappaConfig config)
    {
        this.log = log;
        this.dir = dir;
        this.config = config;
        readManifest();
        if (config.retiredOutput() == KappaConfig.RetiredOutput.DELETE)
        {
            // a kill between a cut-over and the deletion it was to end with: finish it
            recorded.forEach((version, r) ->
            {
                if (r.role() == Role.RETIRED)
                {
                    deleteRetired(version, r.output());
                }
            });
        }
    }

    /**
     * @param log    the log every version reads (the pipelines' {@code LogSource}s must be over this {@code Log}).
     * @param dir    the deployment's directory: its manifest and each version's checkpoints (made if missing).
     * @param config how versions run and hand over.
     * @return the deployment, with no version running: {@link #deploy} each one that should run (again).
     */
    public static KappaDeployment open(final Log log, final Path dir, final KappaConfig config)
    {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(config, "config");
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot make the deployment directory " + dir + ": " + ex, ex);
        }
        return new KappaDeployment(log, dir, config);
    }

    /**
     * Deploy a version from the start of the log (a version deployed before resumes where it was).
     *
     * @see #deploy(Pipeline, long)
     */
    public VersionStatus deploy(final Pipeline pipeline)
    {
        return deploy(pipeline, log.startPosition());
    }

    /**
     * Run a version of the pipeline: a new one from {@code fromPosition} (serving at once if it is the first, else
     * catching up beside the serving one), or one this deployment recorded before (after a restart), from its newest
     * checkpoint.
     *
     * @param pipeline     the version: named ({@code PipelineBuilder.named}) with the deployment's name, over a
     *                     {@code LogSource} of this deployment's log (its start and end are not used).
     * @param fromPosition where a new version starts reading: a record's position, e.g. {@code log.startPosition()}.
     * @return its status.
     * @throws IllegalStateException    naming the state and the way out, when it already runs, was retired, is
     *                                  older than the serving version, or shares an output, a sink or a codec with
     *                                  another version.
     * @throws IllegalArgumentException when it is not over this log, or {@code fromPosition} is not a record.
     */
    public VersionStatus deploy(final Pipeline pipeline, final long fromPosition)
    {
        control.lock();
        try
        {
            checkOpen();
            checkDeployable(pipeline);
            final int version = pipeline.version();
            final Recorded before = recorded.get(version);
            final long from = null != before ? before.from() : checkStart(fromPosition);
            final Role role = null != before ? before.role() :
                servingVersion() < 0 ? Role.SERVING : Role.CANDIDATE;
            name = pipeline.name();
            final Running run = new Running(pipeline, from, role);
            recorded.put(version, new Recorded(role, from, run.output));
            writeManifest();
            running.put(version, run);
            run.thread.start();
            return status(version);
        }
        finally
        {
            control.unlock();
        }
    }

    /**
     * Hand over to the newest version deployed beside the serving one: it serves from now on, and every older
     * version stops (with a checkpoint), its output kept or deleted as configured.
     *
     * @return the new serving version's status.
     * @throws IllegalStateException when no version waits to take over, or the newest one lags (its lag has not
     *                               stayed at zero for {@link KappaConfig#caughtUpFor}): nothing changes.
     */
    public VersionStatus cutOver()
    {
        control.lock();
        try
        {
            checkOpen();
            Running newest = null;
            for (final Running candidate : running.values())
            {
                if (candidate.role == Role.CANDIDATE)
                {
                    newest = candidate;
                }
            }
            if (null == newest)
            {
                throw new IllegalStateException("no version is deployed beside the serving v" + servingVersion() +
                    " of '" + name + "': deploy the next version first, then cut over once it has caught up");
            }
            if (!newest.isCaughtUp(System.nanoTime()))
            {
                final VersionStatus lagging = status(newest.version);
                throw new IllegalStateException("v" + newest.version + " of '" + name + "' lags: " + lagging + "; " +
                    "v" + servingVersion() + " keeps serving. Cut over once its lag has stayed at zero for " +
                    TimeUnit.NANOSECONDS.toMillis(config.caughtUpForNs()) + " ms (status() says caughtUp), or let " +
                    "it take over by itself with KappaConfig.autoCutOver(true)");
            }
            cutOverTo(newest);
            return status(newest.version);
        }
        finally
        {
            control.unlock();
        }
    }

    /**
     * Wait until {@code version} serves (an automatic cut-over).
     *
     * @return true when it serves, false when the timeout passed first.
     * @throws IllegalStateException when it stopped with a failure meanwhile.
     */
    public boolean awaitServing(final int version, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final Throwable failure;
            control.lock();
            try
            {
                final Recorded r = recorded.get(version);
                if (null != r && r.role() == Role.SERVING)
                {
                    return true;
                }
                final Running run = running.get(version);
                failure = null == run ? null : run.failure;
            }
            finally
            {
                control.unlock();
            }
            if (null != failure)
            {
                throw new IllegalStateException("v" + version + " of '" + name + "' failed: " + failure, failure);
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            Thread.sleep(5);
        }
    }

    /**
     * @return every version the deployment knows, oldest first, with its lag as of its last duty cycles.
     */
    public List<VersionStatus> status()
    {
        control.lock();
        try
        {
            final List<VersionStatus> all = new ArrayList<>();
            for (final int version : recorded.keySet())
            {
                all.add(status(version));
            }
            return all;
        }
        finally
        {
            control.unlock();
        }
    }

    /**
     * @return the serving version's status, or null before the first deployment.
     */
    public VersionStatus serving()
    {
        control.lock();
        try
        {
            final int version = servingVersion();
            return version < 0 ? null : status(version);
        }
        finally
        {
            control.unlock();
        }
    }

    /**
     * @param version a version number.
     * @return its role as recorded (also before it is deployed again after a restart), or null for one never
     * deployed here.
     */
    public Role role(final int version)
    {
        control.lock();
        try
        {
            final Recorded r = recorded.get(version);
            return null == r ? null : r.role();
        }
        finally
        {
            control.unlock();
        }
    }

    /**
     * Stop every running version with a checkpoint and close its transactional sinks; a later deployment over the
     * same directory resumes them. Idempotent.
     */
    public void close()
    {
        control.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            for (final Running version : running.values())
            {
                version.stopAndJoin();
            }
        }
        finally
        {
            control.unlock();
        }
    }

    private void cutOverTo(final Running newest)
    {
        // the manifest is the commit point: from its rename on, a restart finds the new version serving
        final List<Running> retiring = new ArrayList<>();
        for (final Running version : running.values())
        {
            if (version != newest && version.role != Role.RETIRED)
            {
                retiring.add(version);
            }
        }
        recorded.replaceAll((version, r) -> version == newest.version ? new Recorded(Role.SERVING, r.from(),
            r.output()) : version < newest.version && r.role() != Role.RETIRED ?
            new Recorded(Role.RETIRED, r.from(), r.output()) : r);
        writeManifest();
        newest.role = Role.SERVING;
        for (final Running version : retiring)
        {
            version.role = Role.RETIRED;
            version.stopAndJoin();
            running.remove(version.version);
            if (config.retiredOutput() == KappaConfig.RetiredOutput.DELETE)
            {
                deleteRetired(version.version, version.output);
            }
        }
    }

    private VersionStatus status(final int version)
    {
        final Recorded r = recorded.get(version);
        if (null == r)
        {
            return null;
        }
        final Running run = running.get(version);
        if (null == run)
        {
            return new VersionStatus(name, version, r.role(), false, false, r.from(), -1, 0, 0, -1, -1, -1, r.output(),
                null);
        }
        final JobReport report = report(run);
        long leader = Long.MIN_VALUE;
        for (final Running other : running.values())
        {
            leader = Math.max(leader, report(other).watermark());
        }
        final long watermark = report.watermark();
        final long eventTimeLag = watermark == Long.MIN_VALUE || leader == Long.MIN_VALUE ? -1 : leader - watermark;
        return new VersionStatus(name, version, run.role, run.thread.isAlive(), run.isCaughtUp(System.nanoTime()),
            r.from(), report.sourcePosition(), report.recordsIn(), report.resultsEmitted(), report.lagRecords(),
            report.lagBytes(), eventTimeLag, r.output(), run.failure);
    }

    /**
     * @return a version's report as of one of its next duty cycles (at most 20 ms away), or its last one when its
     * thread has stopped.
     */
    private static JobReport report(final Running run)
    {
        return run.job.freshReport(run.thread.isAlive() ? TimeUnit.MILLISECONDS.toNanos(20) : 0);
    }

    private void checkDeployable(final Pipeline pipeline)
    {
        final int version = pipeline.version();
        if (null != name && !name.equals(pipeline.name()))
        {
            throw new IllegalArgumentException("this deployment in " + dir + " runs versions of '" + name + "', not" +
                " '" + pipeline.name() + "': open another deployment (another directory) for another pipeline, or " +
                "name the version '" + name + "'");
        }
        final String name = pipeline.name();
        if (!(pipeline.source() instanceof LogSource source) || source.log() != log)
        {
            throw new IllegalArgumentException("v" + version + " of '" + name + "' reads " + pipeline.source() +
                ": every version of a deployment replays its log " + log.directory() + "; give it a LogSource of " +
                "that Log");
        }
        final Running already = running.get(version);
        if (null != already && already.thread.isAlive())
        {
            throw new IllegalStateException("v" + version + " of '" + name + "' already runs (" + status(version) +
                "): a version is deployed once; to change its logic, deploy it as v" + (highestVersion() + 1));
        }
        final Recorded before = recorded.get(version);
        if (null != before && before.role() == Role.RETIRED)
        {
            throw new IllegalStateException("v" + version + " of '" + name + "' was retired when v" +
                servingVersion() + " took over: deploy a new version (v" + (highestVersion() + 1) + ") to change the " +
                "logic again");
        }
        final int serving = servingVersion();
        if (null == before && serving >= 0 && version < serving)
        {
            throw new IllegalStateException("v" + version + " of '" + name + "' is older than the serving v" +
                serving + ": deploy a version above " + serving);
        }
        final Map<Object, Integer> sinks = new IdentityHashMap<>();
        for (final Running other : running.values())
        {
            if (!other.thread.isAlive() || other.version == version)
            {
                continue;
            }
            for (final Object sink : sinksOf(other.pipeline))
            {
                sinks.put(sink, other.version);
            }
            if (other.pipeline.codec() == pipeline.codec())
            {
                throw new IllegalStateException("v" + version + " of '" + name + "' shares its codec with v" +
                    other.version + ", and each version decodes on its own thread: give each version its own codec");
            }
        }
        final Path output = outputOf(pipeline);
        for (final Object sink : sinksOf(pipeline))
        {
            final Integer owner = sinks.get(sink);
            if (null != owner)
            {
                throw new IllegalStateException("v" + version + " of '" + name + "' writes into the sink " + sink +
                    " of v" + owner + ": two versions writing one output would interleave them; give v" + version +
                    " a sink of its own");
            }
        }
        if (null != output)
        {
            for (final Map.Entry<Integer, Recorded> other : recorded.entrySet())
            {
                if (other.getKey() != version && null != other.getValue().output() &&
                    output.toAbsolutePath().normalize().equals(other.getValue().output().toAbsolutePath().normalize()))
                {
                    throw new IllegalStateException("v" + version + " of '" + name + "' writes " + output + ", " +
                        "where v" + other.getKey() + " (" + other.getValue().role().name().toLowerCase() + ") " +
                        "writes its output: two versions writing one output would interleave them; give v" +
                        version + " its own directory, e.g. " + output.resolveSibling("v" + version));
                }
            }
        }
    }

    private long checkStart(final long fromPosition)
    {
        final long head = log.tailPosition();
        if (fromPosition < log.startPosition() || fromPosition > head)
        {
            throw new IllegalArgumentException("start position " + fromPosition + " is outside the log " +
                log.directory() + " (" + log.startPosition() + ".." + head + "): give log.startPosition(), a " +
                "record's position, or log.tailPosition()");
        }
        if (fromPosition < head)
        {
            try (LogReader ignored = log.openReader(fromPosition))
            {
                // the log checks that a record starts there
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("start position " + fromPosition + " is not where a record of " +
                    "the log " + log.directory() + " starts: give a position the log handed out", ex);
            }
        }
        return fromPosition;
    }

    private static Path outputOf(final Pipeline pipeline)
    {
        for (final Object sink : sinksOf(pipeline))
        {
            if (sink instanceof Transactional transactional && null != transactional.outputDirectory())
            {
                return transactional.outputDirectory();
            }
        }
        return null;
    }

    private int servingVersion()
    {
        for (final Map.Entry<Integer, Recorded> r : recorded.entrySet())
        {
            if (r.getValue().role() == Role.SERVING)
            {
                return r.getKey();
            }
        }
        return -1;
    }

    private int highestVersion()
    {
        return recorded.isEmpty() ? 0 : ((TreeMap<Integer, Recorded>)recorded).lastKey();
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("this deployment is closed: open it again over " + dir + " and deploy " +
                "its versions, which resume from their checkpoints");
        }
    }

    private void deleteRetired(final int version, final Path output)
    {
        deleteTree(versionDirectory(version));
        if (null != output)
        {
            deleteTree(output);
        }
    }

    private Path versionDirectory(final int version)
    {
        return dir.resolve("v" + version);
    }

    private static void deleteTree(final Path root)
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + root + " of a retired version: " + ex, ex);
        }
    }

    private void readManifest()
    {
        final Path file = dir.resolve(MANIFEST_FILE);
        if (!Files.exists(file))
        {
            return;
        }
        final Properties properties = new Properties();
        try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file + ": " + ex, ex);
        }
        if (!"1".equals(properties.getProperty("format")))
        {
            throw new IllegalStateException(file + " has format " + properties.getProperty("format") + ", not 1, " +
                "the one this release reads: open the deployment with the release that wrote it, or another directory");
        }
        name = properties.getProperty("name");
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith("v") && key.endsWith(".role"))
            {
                final int version = Integer.parseInt(key.substring(1, key.length() - ".role".length()));
                final String output = properties.getProperty("v" + version + ".output", "");
                recorded.put(version, new Recorded(
                    Role.valueOf(properties.getProperty(key).toUpperCase()),
                    Long.parseLong(properties.getProperty("v" + version + ".from")),
                    output.isEmpty() ? null : Path.of(output)));
            }
        }
    }

    /**
     * Replace the manifest atomically: a temporary file, forced, renamed over it.
     */
    private void writeManifest()
    {
        final StringBuilder text = new StringBuilder("# the versions of a Kappa deployment; replaced as a whole\n")
            .append("format=1\nname=").append(name).append('\n');
        recorded.forEach((version, r) -> text.append('v').append(version).append(".role=")
            .append(r.role().name().toLowerCase()).append('\n')
            .append('v').append(version).append(".from=").append(r.from()).append('\n')
            .append('v').append(version).append(".output=")
            .append(null == r.output() ? "" : r.output().toString().replace("\\", "\\\\")).append('\n'));
        final Path file = dir.resolve(MANIFEST_FILE);
        final Path temporary = dir.resolve(MANIFEST_FILE + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                Writer out = java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8))
            {
                out.write(text.toString());
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + ": " + ex + "; nothing changed", ex);
        }
    }

    /**
     * One version running on its own thread: its job, its cursor, whether its lag has stayed at zero.
     */
    private final class Running
    {
        final int version;
        final Pipeline pipeline;
        final Job job;
        final LogCursor cursor;
        final Path output;
        final Thread thread;
        final IdleStrategy idle = config.newIdleStrategy();
        volatile Role role;
        volatile boolean stopRequested;
        volatile Throwable failure;
        /** When its duty cycles started reading up to the head, each since; -1 while it lags. */
        volatile long atHeadSinceNs = -1;
        /** Set on the job thread when a checkpoint committed: the cursor follows it. */
        boolean checkpointed;

        Running(final Pipeline pipeline, final long from, final Role role)
        {
            this.version = pipeline.version();
            this.pipeline = pipeline;
            this.role = role;
            this.output = outputOf(pipeline);
            this.cursor = log.cursor(name + "-v" + version);
            final CheckpointConfig checkpoints = CheckpointConfig.in(versionDirectory(version).resolve("checkpoints"))
                .everyInterval(config.checkpointIntervalNs(), TimeUnit.NANOSECONDS)
                .listener((phase, id) ->
                {
                    if (phase == CheckpointListener.Phase.COMMITTED)
                    {
                        checkpointed = true;
                    }
                });
            final LogSource source = ((LogSource)pipeline.source()).withoutEnd().fromPosition(from);
            job = pipeline.withSource(source).newJob(ExecutionConfig.streaming().pollLimit(config.pollLimit())
                .checkpointing(checkpoints));
            if (job.checkpointStats().restoredFromId() == 0)
            {
                // before the first record: a kill from here on resumes into the output this run begins
                job.checkpoint();
            }
            storeCursor();
            thread = new Thread(this::run, "sluice-kappa-" + name + "-v" + version);
            thread.setDaemon(true);
        }

        boolean isCaughtUp(final long nowNs)
        {
            final long since = atHeadSinceNs;
            return since >= 0 && nowNs - since >= config.caughtUpForNs();
        }

        private void run()
        {
            boolean stoppedCleanly = false;
            try
            {
                while (!stopRequested)
                {
                    final long headBefore = log.tailPosition();
                    final int work = job.doWork();
                    final long now = System.nanoTime();
                    if (job.sourcePosition() >= headBefore)
                    {
                        if (atHeadSinceNs < 0)
                        {
                            atHeadSinceNs = now;
                        }
                    }
                    else
                    {
                        atHeadSinceNs = -1;
                    }
                    if (checkpointed)
                    {
                        storeCursor();
                    }
                    if (role == Role.CANDIDATE && config.autoCutOver() && isCaughtUp(now))
                    {
                        tryAutoCutOver(this);
                    }
                    idle.idle(work);
                }
                job.checkpoint();
                storeCursor();
                stoppedCleanly = true;
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
            finally
            {
                job.close();
                if (stoppedCleanly || null != failure)
                {
                    for (final Object sink : sinksOf(pipeline))
                    {
                        if (sink instanceof Transactional transactional)
                        {
                            transactional.close();
                        }
                    }
                }
            }
        }

        private void storeCursor()
        {
            checkpointed = false;
            cursor.store(job.sourcePosition(), job.sourceRecordNumber());
        }

        void stopAndJoin()
        {
            stopRequested = true;
            Threads.join(thread);
        }

    }

    /**
     * @return a pipeline's sinks of both kinds.
     */
    private static List<Object> sinksOf(final Pipeline pipeline)
    {
        final List<Object> all = new ArrayList<>(pipeline.sinks());
        all.addAll(pipeline.eventSinks());
        return all;
    }

    /**
     * Called by a caught-up candidate's thread: take over unless another change holds the deployment, in which case
     * the next duty cycle tries again (waiting here could deadlock with a cut-over that stops this very thread).
     */
    private void tryAutoCutOver(final Running candidate)
    {
        if (!control.tryLock())
        {
            return;
        }
        try
        {
            if (closed || candidate.role != Role.CANDIDATE || candidate.stopRequested)
            {
                return;
            }
            for (final Running other : running.values())
            {
                if (other.role == Role.CANDIDATE && other.version > candidate.version)
                {
                    return; // a newer version is deployed: it takes over when it has caught up
                }
            }
            cutOverTo(candidate);
        }
        finally
        {
            control.unlock();
        }
    }
}
