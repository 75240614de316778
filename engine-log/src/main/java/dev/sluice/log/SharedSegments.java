package dev.sluice.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * The read-only segment mappings that all {@link LogReader}s of one {@link Log} share in this JVM, and each
 * segment's verified mark. Mapping a 64 MiB segment afresh for every scan costs its page-table faults again
 * (about 1.5 ms a segment); a shared mapping pays them once.
 *
 * <pre>
 *   entries: segment base -> Entry
 *     +-----------------------------------------------------------------------+
 *     | segment     read-only mapping, or null once unmapped     (monitor)    |
 *     | holders     readers inside the segment now               (monitor)    |
 *     | retired     retention deleted the file or the log closed (monitor)    |
 *     | verifiedTo  frames in [HEADER_LENGTH, verifiedTo) had    (acquire /   |
 *     |             their CRC32C checked by some reader           release)    |
 *     +-----------------------------------------------------------------------+
 *   idle: mapped entries without holders, least recently released first, at most maxIdleMappings
 *
 *   acquire --> holders++ ... release --> holders-- == 0 --> idle (LRU) --> unmapped when evicted
 *   retire (retention, close) --> out of entries; unmapped now if idle, else at its last release
 * </pre>
 *
 * <p>Threading: {@link #acquire}, {@link #release}, {@link #retire} and {@link #close} take this object's
 * monitor; readers call them at segment switches only, never per record. A mapping is unmapped only under
 * the monitor with no holder, and a reader reads a mapping only between its acquire and its release, so no
 * thread can read memory that is unmapped under it (which would crash the JVM). The verified mark is read and
 * raised without the monitor; it outlives its mapping and goes only when its entry is retired.
 */
final class SharedSegments
{
    /** Idle mappings kept by default: a scan of this many segments again maps nothing. */
    static final int MAX_IDLE_MAPPINGS = 32;

    /**
     * Maps a segment read-only for the registry, under its monitor.
     */
    interface SegmentMapper
    {
        /**
         * @return the segment at {@code base}, or null when it is not made yet.
         */
        Segment map(long base);
    }

    private final int maxIdleMappings;
    /** In base order, so that what lies before a base can be retired at once. Cold path: boxing is fine. */
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    /** Insertion order is release order: the first is the least recently released. */
    private final LinkedHashMap<Long, Entry> idle = new LinkedHashMap<>();
    private int mappings;
    private long mappingsMade;
    private int heldMappings;
    private boolean closed;

    SharedSegments(final int maxIdleMappings)
    {
        this.maxIdleMappings = maxIdleMappings;
    }

    /**
     * Takes a hold on the mapping of the segment at {@code base}, mapping it if no reader has it mapped.
     * Exceptions of {@code mapper} pass through with nothing held.
     *
     * @return the held entry, whose {@link Entry#segment()} stays mapped until {@link #release}; null when
     * {@code mapper} finds no segment there yet.
     */
    synchronized Entry acquire(final long base, final SegmentMapper mapper)
    {
        Entry entry = entries.get(base);
        if (entry == null || entry.segment == null)
        {
            final Segment segment = mapper.map(base);
            if (segment == null)
            {
                return null;
            }
            mappings++;
            mappingsMade++;
            // looked up again: the mapper may have retired entries (a segment another process deleted)
            entry = entries.get(base);
            if (entry == null)
            {
                entry = new Entry(base);
                if (closed)
                {
                    // a reader that outlives its log: the mapping goes at its release
                    entry.retired = true;
                }
                else
                {
                    entries.put(base, entry);
                }
            }
            entry.segment = segment;
        }
        else if (entry.holders == 0)
        {
            idle.remove(base);
        }
        if (entry.holders++ == 0)
        {
            heldMappings++;
        }
        return entry;
    }

    /**
     * Drops a hold taken by {@link #acquire}: the reader no longer reads the mapping.
     */
    synchronized void release(final Entry entry)
    {
        if (entry.holders <= 0)
        {
            throw new IllegalStateException("segment " + entry.base + " released more often than acquired");
        }
        if (--entry.holders > 0)
        {
            return;
        }
        heldMappings--;
        if (entry.retired)
        {
            unmap(entry);
            return;
        }
        idle.put(entry.base, entry);
        if (idle.size() > maxIdleMappings)
        {
            final Iterator<Entry> eldest = idle.values().iterator();
            final Entry evicted = eldest.next();
            eldest.remove();
            // the entry stays, with its mark: the next reader maps the segment again but checks nothing twice
            unmap(evicted);
        }
    }

    /**
     * Forgets the segment at {@code base}, whose file is deleted: its mapping goes now if idle, else at its last
     * release, and its verified mark goes with it. A later {@link #acquire} maps the file again, if it exists.
     */
    synchronized void retire(final long base)
    {
        final Entry entry = entries.remove(base);
        if (entry != null)
        {
            retire(entry);
        }
    }

    /**
     * Retires every segment before {@code base}: what another process's retention deleted.
     */
    synchronized void retireBefore(final long base)
    {
        final Iterator<Entry> before = entries.headMap(base).values().iterator();
        while (before.hasNext())
        {
            final Entry entry = before.next();
            before.remove();
            retire(entry);
        }
    }

    /**
     * Retires every segment: idle mappings go now, held ones at their last release. Readers may go on reading
     * what they hold, and a mapping acquired after this goes at its release.
     */
    synchronized void close()
    {
        closed = true;
        for (final Entry entry : entries.values())
        {
            retire(entry);
        }
        entries.clear();
    }

    /**
     * @return mappings some reader holds now.
     */
    synchronized int heldMappings()
    {
        return heldMappings;
    }

    /**
     * @return mappings alive now, held or idle.
     */
    synchronized int mappings()
    {
        return mappings;
    }

    /**
     * @return mappings made since the log opened.
     */
    synchronized long mappingsMade()
    {
        return mappingsMade;
    }

    /**
     * @return the verified mark of the segment at {@code base}, or 0 when no reader has entered it.
     */
    synchronized int verifiedTo(final long base)
    {
        final Entry entry = entries.get(base);
        return entry == null ? 0 : entry.verifiedToAcquire();
    }

    private void retire(final Entry entry)
    {
        entry.retired = true;
        if (entry.holders == 0 && entry.segment != null)
        {
            idle.remove(entry.base);
            unmap(entry);
        }
    }

    private void unmap(final Entry entry)
    {
        final Segment segment = entry.segment;
        if (segment != null)
        {
            entry.segment = null;
            mappings--;
            segment.close();
        }
    }

    /**
     * One segment's place in the registry. {@link #segment()} is for a holder only; the verified mark is
     * shared by every reader of the segment.
     */
    static final class Entry
    {
        private static final VarHandle VERIFIED_TO;

        static
        {
            try
            {
                VERIFIED_TO = MethodHandles.lookup().findVarHandle(Entry.class, "verifiedTo", int.class);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new ExceptionInInitializerError(ex);
            }
        }

        final long base;
        private Segment segment;
        private int holders;
        private boolean retired;
        /**
         * Frames in [HEADER_LENGTH, verifiedTo) had their checksum checked by some reader of this log in this
         * process. Raised only over a contiguous run of checked frames, so it never covers an unchecked one.
         */
        private volatile int verifiedTo = SegmentDescriptor.HEADER_LENGTH;

        private Entry(final long base)
        {
            this.base = base;
        }

        /**
         * @return the mapping; valid only between the caller's {@link #acquire} and {@link #release}.
         */
        Segment segment()
        {
            return segment;
        }

        int verifiedToAcquire()
        {
            return (int)VERIFIED_TO.getAcquire(this);
        }

        /**
         * Raises the mark to {@code offset} if it is higher. Racy by design: two readers may cross, and the
         * lower store may land last. That is harmless, as every value stored covers checked frames only: a
         * lower mark costs a re-check, never trusts an unchecked frame.
         */
        void raiseVerifiedToRelease(final int offset)
        {
            if (offset > (int)VERIFIED_TO.getAcquire(this))
            {
                VERIFIED_TO.setRelease(this, offset);
            }
        }
    }
}
