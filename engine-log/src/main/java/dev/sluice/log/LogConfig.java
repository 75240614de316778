package dev.sluice.log;

import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * How a log is laid out and kept. Immutable; build with {@link #builder()}.
 *
 * <p>The segment length is fixed when the log is created: an existing log is opened with the length
 * recorded in its segments, whatever is configured here.
 */
public final class LogConfig
{
    public static final int DEFAULT_SEGMENT_LENGTH = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_RECORD_LENGTH = 1024 * 1024;

    private final int segmentLength;
    private final int maxRecordLength;
    private final Durability durability;
    private final int fsyncEveryRecords;
    private final long fsyncIntervalMs;
    private final long retentionBytes;
    private final long retentionAgeMs;
    private final EpochNanoClock clock;
    private final ChecksumVerification checksumVerification;
    private final boolean prepareSegments;
    private final boolean verifyAhead;
    private final boolean acceptLostTail;

    private LogConfig(final Builder b)
    {
        segmentLength = b.segmentLength;
        maxRecordLength = b.maxRecordLength;
        durability = b.durability;
        fsyncEveryRecords = b.fsyncEveryRecords;
        fsyncIntervalMs = b.fsyncIntervalMs;
        retentionBytes = b.retentionBytes;
        retentionAgeMs = b.retentionAgeMs;
        clock = b.clock;
        checksumVerification = b.checksumVerification;
        prepareSegments = b.prepareSegments;
        verifyAhead = b.verifyAhead;
        acceptLostTail = b.acceptLostTail;
    }

    /**
     * @return the largest payload a segment of {@code segmentLength} bytes holds: its header, the record's
     * frame, and the padding that seals it (a segment is never filled to the last byte, so that a sealed one
     * always says so, and a missing segment after it is found as loss).
     */
    public static int maxRecordLengthFor(final int segmentLength)
    {
        return segmentLength - SegmentDescriptor.HEADER_LENGTH - RecordDescriptor.HEADER_LENGTH -
            RecordDescriptor.ALIGNMENT;
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the defaults: 64 MiB segments, 1 MiB records, page-cache durability, keep everything, check each
     * record's checksum on its first read in this process.
     */
    public static LogConfig defaults()
    {
        return builder().build();
    }

    public int segmentLength()
    {
        return segmentLength;
    }

    /**
     * @return the largest payload an append accepts, in bytes.
     */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    public Durability durability()
    {
        return durability;
    }

    public int fsyncEveryRecords()
    {
        return fsyncEveryRecords;
    }

    public long fsyncIntervalMs()
    {
        return fsyncIntervalMs;
    }

    /**
     * @return the total size past which whole oldest segments are deleted, or {@code Long.MAX_VALUE}.
     */
    public long retentionBytes()
    {
        return retentionBytes;
    }

    /**
     * @return the age past which a sealed segment is deleted, counted from when the segment after it was
     * started (so every record in it is at least that old), or {@code Long.MAX_VALUE}.
     */
    public long retentionAgeMs()
    {
        return retentionAgeMs;
    }

    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @return true when a background thread of the writing log makes the next segment ahead of need (the
     * default): its file written, mapped and its pages touched, so that appends take no page faults and a
     * roll only writes the header. The prepared file is one segment of extra disk space.
     */
    public boolean prepareSegments()
    {
        return prepareSegments;
    }

    /**
     * @return true when a background thread of the log checks the CRC32C of the segments just ahead of a reader,
     * with {@link ChecksumVerification#FIRST_READ}: the reader then trusts them and takes no page faults there.
     * Off by default: on two shared cores it did not make a cold orders-5m job faster, and it slowed the modes
     * whose state lives in the last-level cache (engine-bench/README.md).
     */
    public boolean verifyAhead()
    {
        return verifyAhead;
    }

    /**
     * @return how often readers check a record's CRC32C: once per process (the default) or on every read.
     */
    public ChecksumVerification checksumVerification()
    {
        return checksumVerification;
    }

    /**
     * @return true when opening for writing accepts a log whose newest segment is sealed, i.e. whose next
     * segments are gone, and appends after it; false (the default) refuses it as loss.
     */
    public boolean acceptLostTail()
    {
        return acceptLostTail;
    }

    public Builder toBuilder()
    {
        final Builder b = new Builder();
        b.segmentLength = segmentLength;
        b.maxRecordLength = maxRecordLength;
        b.durability = durability;
        b.fsyncEveryRecords = fsyncEveryRecords;
        b.fsyncIntervalMs = fsyncIntervalMs;
        b.retentionBytes = retentionBytes;
        b.retentionAgeMs = retentionAgeMs;
        b.clock = clock;
        b.checksumVerification = checksumVerification;
        b.prepareSegments = prepareSegments;
        b.verifyAhead = verifyAhead;
        return b;
    }

    public String toString()
    {
        return "LogConfig{segmentLength=" + segmentLength + ", maxRecordLength=" + maxRecordLength +
            ", durability=" + durability + ", fsyncEveryRecords=" + fsyncEveryRecords +
            ", fsyncIntervalMs=" + fsyncIntervalMs + ", retentionBytes=" + retentionBytes +
            ", retentionAgeMs=" + retentionAgeMs + ", checksumVerification=" + checksumVerification +
            ", prepareSegments=" + prepareSegments + ", verifyAhead=" + verifyAhead + '}';
    }

    /**
     * Checks every value as it is set: a wrong one fails with the value and the fix.
     */
    public static final class Builder
    {
        private int segmentLength = DEFAULT_SEGMENT_LENGTH;
        private int maxRecordLength = DEFAULT_MAX_RECORD_LENGTH;
        private Durability durability = Durability.PAGE_CACHE;
        private int fsyncEveryRecords = 1000;
        private long fsyncIntervalMs = 100;
        private long retentionBytes = Long.MAX_VALUE;
        private long retentionAgeMs = Long.MAX_VALUE;
        private EpochNanoClock clock;
        private ChecksumVerification checksumVerification = ChecksumVerification.FIRST_READ;
        private boolean prepareSegments = true;
        private boolean verifyAhead;
        private boolean acceptLostTail;

        private Builder()
        {
        }

        /**
         * @param bytes segment file size, a power of two from 4 KiB to 1 GiB.
         * @return this.
         */
        public Builder segmentLength(final int bytes)
        {
            if (bytes < SegmentDescriptor.MIN_SEGMENT_LENGTH || bytes > SegmentDescriptor.MAX_SEGMENT_LENGTH ||
                Integer.bitCount(bytes) != 1)
            {
                throw new IllegalArgumentException("segmentLength " + bytes + " is not a power of two from " +
                    SegmentDescriptor.MIN_SEGMENT_LENGTH + " to " + SegmentDescriptor.MAX_SEGMENT_LENGTH +
                    "; pick one such as " + DEFAULT_SEGMENT_LENGTH);
            }
            segmentLength = bytes;
            return this;
        }

        /**
         * @param bytes largest payload; with the header it must fit in a segment (checked at build).
         * @return this.
         */
        public Builder maxRecordLength(final int bytes)
        {
            if (bytes < 0)
            {
                throw new IllegalArgumentException("maxRecordLength " + bytes + " is negative; give the largest" +
                    " payload in bytes, e.g. " + DEFAULT_MAX_RECORD_LENGTH);
            }
            maxRecordLength = bytes;
            return this;
        }

        public Builder durability(final Durability durability)
        {
            if (durability == null)
            {
                throw new IllegalArgumentException("durability is null; pick one of Durability.values()");
            }
            this.durability = durability;
            return this;
        }

        /**
         * @param records with {@link Durability#PERIODIC_FSYNC}, force after this many records.
         * @return this.
         */
        public Builder fsyncEveryRecords(final int records)
        {
            if (records < 1)
            {
                throw new IllegalArgumentException("fsyncEveryRecords " + records + " is less than 1; give a" +
                    " record count, or Integer.MAX_VALUE to force by time only");
            }
            fsyncEveryRecords = records;
            return this;
        }

        /**
         * @param ms with {@link Durability#PERIODIC_FSYNC}, force when this long has passed since the last.
         * @return this.
         */
        public Builder fsyncIntervalMs(final long ms)
        {
            if (ms < 0)
            {
                throw new IllegalArgumentException("fsyncIntervalMs " + ms + " is negative; give milliseconds," +
                    " or Long.MAX_VALUE to force by record count only");
            }
            fsyncIntervalMs = ms;
            return this;
        }

        /**
         * @param bytes keep at most about this many bytes, deleting whole oldest segments; the active
         *              segment is never deleted.
         * @return this.
         */
        public Builder retentionBytes(final long bytes)
        {
            if (bytes <= 0)
            {
                throw new IllegalArgumentException("retentionBytes " + bytes + " is not positive; give a size" +
                    " in bytes, or Long.MAX_VALUE to keep everything");
            }
            retentionBytes = bytes;
            return this;
        }

        /**
         * @param ms delete a whole sealed segment once the segment after it was started longer ago than
         *           this: every record in it is then at least this old.
         * @return this.
         */
        public Builder retentionAgeMs(final long ms)
        {
            if (ms <= 0)
            {
                throw new IllegalArgumentException("retentionAgeMs " + ms + " is not positive; give an age in" +
                    " milliseconds, or Long.MAX_VALUE to keep everything");
            }
            retentionAgeMs = ms;
            return this;
        }

        /**
         * @param clock source of append timestamps; tests inject one to control time.
         * @return this.
         */
        public Builder clock(final EpochNanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        /**
         * @param prepare whether the writing log makes its next segment ahead of need on a background
         *                thread (default true); false makes every segment on the appending thread at the roll.
         * @return this.
         */
        public Builder prepareSegments(final boolean prepare)
        {
            this.prepareSegments = prepare;
            return this;
        }

        /**
         * @param verify whether a background thread checks the segments just ahead of a reader, so that the reader
         *               trusts them (default false; only with {@link ChecksumVerification#FIRST_READ}): worth a try
         *               for bulk scans on a machine with an idle core.
         * @return this.
         */
        public Builder verifyAhead(final boolean verify)
        {
            this.verifyAhead = verify;
            return this;
        }

        /**
         * @param verification {@link ChecksumVerification#FIRST_READ} (the default) checks each record's CRC32C
         *                     once per process, so a second scan or a replay reads at memory speed;
         *                     {@link ChecksumVerification#EVERY_READ} checks it on every read, to catch a file
         *                     corrupted after it was first read.
         * @return this.
         */
        public Builder checksumVerification(final ChecksumVerification verification)
        {
            if (verification == null)
            {
                throw new IllegalArgumentException("checksumVerification is null; pick one of" +
                    " ChecksumVerification.values(), e.g. FIRST_READ (the default)");
            }
            checksumVerification = verification;
            return this;
        }

        /**
         * @param accept true to open a log whose newest segment is sealed while the segments after it are gone
         *               (e.g. moved away on the advice of a {@link CorruptLogException}), accepting their loss
         *               and appending after the sealed segment; false (the default) refuses such a log.
         * @return this.
         */
        public Builder acceptLostTail(final boolean accept)
        {
            this.acceptLostTail = accept;
            return this;
        }

        public LogConfig build()
        {
            if (maxRecordLength > maxRecordLengthFor(segmentLength))
            {
                throw new IllegalArgumentException("maxRecordLength " + maxRecordLength + " does not fit in a " +
                    "segment of " + segmentLength + " bytes (the segment header takes " +
                    SegmentDescriptor.HEADER_LENGTH + ", a frame's header " + RecordDescriptor.HEADER_LENGTH +
                    " and the sealing padding " + RecordDescriptor.ALIGNMENT + "); raise segmentLength or lower " +
                    "maxRecordLength to at most " + maxRecordLengthFor(segmentLength));
            }
            if (clock == null)
            {
                clock = new OffsetEpochNanoClock();
            }
            return new LogConfig(this);
        }
    }
}
