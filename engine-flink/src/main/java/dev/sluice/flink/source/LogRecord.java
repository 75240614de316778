package dev.sluice.flink.source;

/**
 * One record as a Flink source hands it to the translated pipeline: its payload and where it came from (the log
 * position of a Sluice log's record, or the offset of a Kafka record). A Flink POJO.
 */
public final class LogRecord
{
    public long position;
    public byte[] payload;

    public LogRecord()
    {
    }

    public LogRecord(final long position, final byte[] payload)
    {
        this.position = position;
        this.payload = payload;
    }
}
