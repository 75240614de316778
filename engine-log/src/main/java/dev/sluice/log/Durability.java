package dev.sluice.log;

/**
 * When appended records are forced from the page cache to the device.
 */
public enum Durability
{
    /**
     * Never forced by the log except on {@link Log#flush()}: a process crash loses nothing
     * (the page cache survives it), a machine crash may lose the unforced tail.
     */
    PAGE_CACHE,

    /**
     * Forced after every {@link LogConfig.Builder#fsyncEveryRecords N} records or when
     * {@link LogConfig.Builder#fsyncIntervalMs T} milliseconds have passed since the last force,
     * checked on each append. A machine crash loses at most that window.
     */
    PERIODIC_FSYNC,

    /** Forced before each append returns: an acknowledged record survives a machine crash. */
    FSYNC_EACH_APPEND
}
