package dev.sluice.core;

import dev.sluice.core.source.PartitionedSource;
import dev.sluice.core.source.Source;
import dev.sluice.core.source.SourceReader;
import dev.sluice.log.RecordHandler;

/**
 * A source whose readers spend a while on every record before handing it on, for tests that need a job to take some
 * time (checkpoints between records, a slow input). The records are those of the source it wraps.
 */
final class SlowedSource
{
    private SlowedSource()
    {
    }

    static Source of(final Source source, final long nanosPerRecord)
    {
        return of(source, nanosPerRecord, () -> true);
    }

    /**
     * @param slowWhile read slowly while it says so (e.g. until a checkpoint was committed), then at full speed.
     */
    static Source of(final Source source, final long nanosPerRecord, final java.util.function.BooleanSupplier slowWhile)
    {
        if (source instanceof PartitionedSource partitioned)
        {
            return new PartitionedSource()
            {
                public int partitionCount()
                {
                    return partitioned.partitionCount();
                }

                public int keyGroups()
                {
                    return partitioned.keyGroups();
                }

                public SourceReader openPartition(final int partition)
                {
                    return new Reader(partitioned.openPartition(partition), nanosPerRecord, slowWhile);
                }
            };
        }
        return () -> new Reader(source.open(), nanosPerRecord, slowWhile);
    }

    private static final class Reader implements SourceReader
    {
        private final SourceReader reader;
        private final long nanosPerRecord;
        private final java.util.function.BooleanSupplier slowWhile;

        Reader(final SourceReader reader, final long nanosPerRecord, final java.util.function.BooleanSupplier slowWhile)
        {
            this.reader = reader;
            this.nanosPerRecord = nanosPerRecord;
            this.slowWhile = slowWhile;
        }

        public int poll(final RecordHandler handler, final int limit)
        {
            return reader.poll((buffer, offset, length, position) ->
            {
                final long until = System.nanoTime() + nanosPerRecord;
                while (slowWhile.getAsBoolean() && System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
                handler.onRecord(buffer, offset, length, position);
            }, limit);
        }

        public void boundAtCurrentTail()
        {
            reader.boundAtCurrentTail();
        }

        public boolean isBounded()
        {
            return reader.isBounded();
        }

        public boolean isEndOfInput()
        {
            return reader.isEndOfInput();
        }

        public long position()
        {
            return reader.position();
        }

        public long lagRecords()
        {
            return reader.lagRecords();
        }

        public long lagBytes()
        {
            return reader.lagBytes();
        }

        public long recordNumber()
        {
            return reader.recordNumber();
        }

        public void seek(final long position, final long recordNumber)
        {
            reader.seek(position, recordNumber);
        }

        public void close()
        {
            reader.close();
        }
    }
}
