package dev.sluice.flink.source;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits and the enumerator's list of unassigned splits in checkpoints:
 * <pre>
 *   split:      | number (int) | from (long) | to (long) |
 *   enumerator: | count (int)  | split ...              |
 * </pre>
 */
final class LogSplitSerializer
{
    private static final int VERSION = 1;

    private LogSplitSerializer()
    {
    }

    static final class Splits implements SimpleVersionedSerializer<LogSplit>
    {
        public int getVersion()
        {
            return VERSION;
        }

        public byte[] serialize(final LogSplit split) throws IOException
        {
            return LogSplitSerializer.serialize(List.of(split), false);
        }

        public LogSplit deserialize(final int version, final byte[] serialized) throws IOException
        {
            return LogSplitSerializer.deserialize(version, serialized, false).get(0);
        }
    }

    static final class Pending implements SimpleVersionedSerializer<List<LogSplit>>
    {
        public int getVersion()
        {
            return VERSION;
        }

        public byte[] serialize(final List<LogSplit> splits) throws IOException
        {
            return LogSplitSerializer.serialize(splits, true);
        }

        public List<LogSplit> deserialize(final int version, final byte[] serialized) throws IOException
        {
            return LogSplitSerializer.deserialize(version, serialized, true);
        }
    }

    private static byte[] serialize(final List<LogSplit> splits, final boolean counted) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(20 * splits.size() + 4);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            if (counted)
            {
                out.writeInt(splits.size());
            }
            for (final LogSplit split : splits)
            {
                out.writeInt(split.number());
                out.writeLong(split.from());
                out.writeLong(split.to());
            }
        }
        return bytes.toByteArray();
    }

    private static List<LogSplit> deserialize(final int version, final byte[] serialized, final boolean counted)
        throws IOException
    {
        if (version != VERSION)
        {
            throw new IOException("log split state of version " + version + ", this runner reads version " +
                VERSION + ": restore with the release that took the checkpoint");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized)))
        {
            final int count = counted ? in.readInt() : 1;
            if (count < 0 || count > serialized.length / 20)
            {
                throw new IOException("log split state claims " + count + " splits in " + serialized.length +
                    " bytes: it is corrupt");
            }
            final List<LogSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                splits.add(new LogSplit(in.readInt(), in.readLong(), in.readLong()));
            }
            return splits;
        }
    }
}
