package dev.sluice.examples.json;

import dev.sluice.core.source.EventAppender;
import dev.sluice.examples.orders.OrderEvent;
import dev.sluice.examples.orders.OrderEventCodec;
import dev.sluice.examples.orders.OrdersRunDirectory;
import dev.sluice.log.LogAppender;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * JSON lines of orders (examples/workloads/orders-json.md) into a log: each line is decoded by
 * {@link OrderJsonDecoder} and, when it is an order, appended as one 40-byte {@link OrderEventCodec} record; a line
 * that is not is handed to a {@link RejectedLineHandler} with its number and the reason, and reading goes on. Blank
 * lines (nothing but spaces, tabs and a {@code '\r'}) are skipped and counted as neither. A byte order mark at the
 * start of the input is skipped.
 *
 * <p>Memory does not grow with the input or with a line: lines longer than {@code maxLineBytes} are rejected as too
 * long while the reader streams past them ({@link JsonLineReader}). Every accepted line is appended exactly once,
 * in input order, before the next line is read; a good line allocates nothing. Not thread-safe: the log's single
 * appending thread.
 */
public final class OrdersJsonIngest
{
    /** Longest line read by default: 1 MiB, some seven thousand times an order's line. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    /** Bytes of a rejected line handed on to show it. */
    public static final int REJECTED_TEXT_BYTES = 1024;

    /** How long an append waits out back pressure (the next segment being made, a full disk) before failing. */
    public static final long APPEND_TIMEOUT_MS = 30_000;

    /** Lines between two looks at the clock for {@link ProgressListener}. */
    private static final long PROGRESS_CHECK_MASK = 4095;

    /** Where rejected lines go. */
    @FunctionalInterface
    public interface RejectedLineHandler
    {
        /**
         * @param lineNumber from 1.
         * @param reason     why; one line of text, reused after the call.
         * @param text       the line's first bytes (at most {@link #REJECTED_TEXT_BYTES}), as read.
         * @param offset     where they start.
         * @param length     how many.
         */
        void onRejected(long lineNumber, CharSequence reason, byte[] text, int offset, int length);
    }

    /**
     * Told, at a line boundary, what the lines read so far came to: every line up to it is in the log or handed to
     * the {@link RejectedLineHandler}, so a later run may start after it ({@code sluice ingest} records it to
     * resume). Called every {@code commitEveryLines} lines and once at the end of the input.
     */
    @FunctionalInterface
    public interface CommitListener
    {
        /**
         * @param lines    lines read, counted as {@link #ingest(InputStream, long, long)} numbers them.
         * @param bytes    bytes of this input read up to the end of the last of them.
         * @param accepted of this input's lines read so far, those accepted.
         * @param rejected of this input's lines read so far, those rejected.
         */
        void onCommitted(long lines, long bytes, long accepted, long rejected);
    }

    /** Told how far the ingest is, at most once per {@code progressIntervalNs}. */
    @FunctionalInterface
    public interface ProgressListener
    {
        void onProgress(long lines, long accepted, long rejected, long bytes, long elapsedNs);
    }

    /**
     * What one ingest did.
     *
     * @param lines     lines read, blank ones included.
     * @param accepted  orders appended to the log.
     * @param rejected  lines rejected.
     * @param bytes     bytes read.
     * @param elapsedNs time taken.
     */
    public record Result(long lines, long accepted, long rejected, long bytes, long elapsedNs)
    {
        /**
         * @return {@code accepted=N rejected=M}.
         */
        public String summaryLine()
        {
            return "accepted=" + accepted + " rejected=" + rejected;
        }
    }

    /**
     * @return what a run directory of ingested orders records in its manifest
     * ({@link OrdersRunDirectory#prepare(java.nio.file.Path, Map)}): the record layout and
     * where the events came from, so that an orders run is never mixed into it, nor it into one.
     */
    public static Map<String, String> runManifest()
    {
        final Map<String, String> manifest = new LinkedHashMap<>();
        manifest.put("format", Integer.toString(OrdersRunDirectory.MANIFEST_FORMAT));
        manifest.put(OrdersRunDirectory.SOURCE_KEY, "orders-json-lines");
        manifest.put("record.codec", OrderEventCodec.class.getSimpleName());
        manifest.put("record.payloadBytes", Integer.toString(OrderEventCodec.LENGTH));
        return manifest;
    }

    private final EventAppender<OrderEvent> appender;
    private final RejectedLineHandler rejects;
    private final ProgressListener progress;
    private final long progressIntervalNs;
    private final JsonLineReader reader;
    private final OrderJsonDecoder decoder = new OrderJsonDecoder();
    private final OrderEvent event = new OrderEvent();
    private final StringBuilder reason = new StringBuilder(96);
    private final LineHandler lineHandler = new LineHandler();
    private final int maxLineBytes;

    private CommitListener commits;
    private long commitEveryLines = Long.MAX_VALUE;
    private long alreadyAppended;
    /** The line after which {@link #commits} is told next; never with no listener. */
    private long nextCommitLine = Long.MAX_VALUE;
    private long accepted;
    private long rejected;
    private long bytesBefore;
    private long startNs;
    private long lastProgressNs;

    /**
     * @param appender           the log's appender.
     * @param rejects            where rejected lines go.
     * @param maxLineBytes       longest line read; longer ones are rejected.
     * @param progress           told how far the ingest is, or null.
     * @param progressIntervalNs least time between two progress calls.
     */
    public OrdersJsonIngest(
        final LogAppender appender,
        final RejectedLineHandler rejects,
        final int maxLineBytes,
        final ProgressListener progress,
        final long progressIntervalNs)
    {
        this.appender = new EventAppender<>(appender, new OrderEventCodec());
        this.rejects = Objects.requireNonNull(rejects, "rejects");
        this.maxLineBytes = maxLineBytes;
        this.reader = new JsonLineReader(maxLineBytes, REJECTED_TEXT_BYTES);
        this.progress = progress;
        this.progressIntervalNs = progressIntervalNs;
    }

    /**
     * @param in the JSON lines; read to its end, not closed.
     * @return the counts of this input.
     * @throws IOException                  from {@code in}; what was accepted before is in the log.
     * @throws dev.sluice.log.LogException  when the log stayed back pressured for {@link #APPEND_TIMEOUT_MS} (e.g. a
     *                                      full disk), with its reason; what was accepted before is in the log.
     */
    public Result ingest(final InputStream in) throws IOException
    {
        return ingest(in, 0, 0);
    }

    /**
     * {@link #ingest(InputStream)} of an input that continues one an earlier run read part of (a resumed ingest).
     *
     * @param linesBefore     lines the earlier run read: the first line here is numbered {@code linesBefore + 1}.
     * @param alreadyAppended accepted lines at the start of {@code in} whose orders the earlier run appended after
     *                        its last commit: they are decoded and counted as accepted, but not appended again.
     * @return the counts of this input (lines as numbered, so from {@code linesBefore}).
     */
    public Result ingest(final InputStream in, final long linesBefore, final long alreadyAppended) throws IOException
    {
        accepted = 0;
        rejected = 0;
        this.alreadyAppended = alreadyAppended;
        nextCommitLine = null == commits ? Long.MAX_VALUE : linesBefore + commitEveryLines;
        startNs = System.nanoTime();
        lastProgressNs = startNs;
        bytesBefore = reader.bytesRead();
        final long lines = reader.read(in, lineHandler, linesBefore);
        if (null != commits)
        {
            commits.onCommitted(lines, reader.bytesRead() - bytesBefore, accepted, rejected);
        }
        return new Result(lines, accepted, rejected, reader.bytesRead() - bytesBefore, System.nanoTime() - startNs);
    }

    /**
     * @param listener         told what the lines read came to, or null.
     * @param commitEveryLines lines between two calls, at least 1.
     * @return this.
     */
    public OrdersJsonIngest commits(final CommitListener listener, final long commitEveryLines)
    {
        if (commitEveryLines < 1)
        {
            throw new IllegalArgumentException("commitEveryLines " + commitEveryLines + " must be >= 1");
        }
        this.commits = listener;
        this.commitEveryLines = commitEveryLines;
        return this;
    }

    private final class LineHandler implements JsonLineReader.LineHandler
    {
        public void onLine(final long lineNumber, final byte[] buffer, final int offset, final int length)
        {
            int from = offset;
            if (lineNumber == 1 && length >= 3 && buffer[offset] == (byte)0xEF && buffer[offset + 1] == (byte)0xBB &&
                buffer[offset + 2] == (byte)0xBF)
            {
                from += 3;
            }
            final int end = offset + length;
            if (isBlank(buffer, from, end))
            {
                commitEvery(lineNumber);
                return;
            }
            if (decoder.tryDecode(buffer, from, end - from, event))
            {
                if (alreadyAppended > 0)
                {
                    alreadyAppended--;
                }
                else
                {
                    appender.append(event, APPEND_TIMEOUT_MS);
                }
                accepted++;
            }
            else
            {
                rejected++;
                rejects.onRejected(lineNumber, decoder.rejectReason(), buffer, offset,
                    Math.min(length, REJECTED_TEXT_BYTES));
            }
            if ((lineNumber & PROGRESS_CHECK_MASK) == 0)
            {
                reportProgress(lineNumber);
            }
            commitEvery(lineNumber);
        }

        public void onOverlongLine(final long lineNumber, final long length, final byte[] head, final int headLength)
        {
            rejected++;
            reason.setLength(0);
            reason.append("line of ").append(length).append(" bytes is longer than the ").append(maxLineBytes)
                .append("-byte limit; it was skipped unread");
            rejects.onRejected(lineNumber, reason, head, 0, headLength);
            reportProgress(lineNumber);
            commitEvery(lineNumber);
        }

        private void commitEvery(final long lineNumber)
        {
            // a comparison per line, no division
            if (lineNumber >= nextCommitLine)
            {
                nextCommitLine = lineNumber + commitEveryLines;
                commits.onCommitted(lineNumber, reader.lineEnd() - bytesBefore, accepted, rejected);
            }
        }
    }

    private void reportProgress(final long lines)
    {
        if (null == progress)
        {
            return;
        }
        final long nowNs = System.nanoTime();
        if (nowNs - lastProgressNs >= progressIntervalNs)
        {
            lastProgressNs = nowNs;
            progress.onProgress(lines, accepted, rejected, reader.bytesRead() - bytesBefore, nowNs - startNs);
        }
    }

    private static boolean isBlank(final byte[] buffer, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            final byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }
}
