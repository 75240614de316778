package dev.sluice.bench.log;

/**
 * What the quick comparison asks of either side: append a run of messages, scan them all back, and say how
 * many the last scan read. Both drivers do the same work per record (see {@link SluiceLogDriver}). Not
 * thread-safe.
 */
interface LogDriver extends AutoCloseable
{
    /**
     * Appends {@code count} messages.
     */
    void appendMessages(int count);

    /**
     * @return a sum over every message read from the start to the end, to be consumed.
     */
    long scanAll();

    /**
     * @return messages read by the last {@link #scanAll()}.
     */
    long lastScanRecords();

    void close();
}
