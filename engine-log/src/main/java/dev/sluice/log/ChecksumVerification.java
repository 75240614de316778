package dev.sluice.log;

/**
 * How often readers check a record's CRC32C before handing it out. Either way every length and bound
 * read from disk is checked on every read: nothing from a file is trusted for memory safety.
 */
public enum ChecksumVerification
{
    /**
     * The first reader of a record in this process (of this {@link Log} instance) checks its checksum;
     * later readers and scans trust it. Each segment keeps a mark below which every frame has been
     * checked, raised only over a contiguous run of checked frames. Records written by this process
     * are not trusted until read once, and records written by another process are checked the same way.
     * A corruption of the file after a record was checked (a bit flip on the device, another program
     * writing the file) is not seen by later reads in this process; it is seen by the next process.
     */
    FIRST_READ,

    /**
     * Every read checks every record's checksum: a later corruption of the file is caught by the next
     * read, at the cost of a CRC32C over every record on every scan.
     */
    EVERY_READ
}
