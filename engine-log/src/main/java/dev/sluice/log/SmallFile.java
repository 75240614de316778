package dev.sluice.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the small fixed-length files of a log's directory ({@code log.start}, a partitioned log's descriptor): whole,
 * or not at all. Stateless; any thread.
 */
final class SmallFile
{
    private SmallFile()
    {
    }

    /**
     * @param file   the file.
     * @param length the bytes it must hold.
     * @return its bytes, little-endian, or null when there is no such file.
     * @throws CorruptLogException when it has another length or ends early.
     */
    static ByteBuffer readWhole(final Path file, final int length) throws IOException
    {
        final String name = file.getFileName().toString();
        final ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            if (channel.size() != length)
            {
                throw new CorruptLogException(file, 0, name + " is " + channel.size() + " bytes, not " + length);
            }
            while (bytes.hasRemaining())
            {
                if (channel.read(bytes, bytes.position()) < 0)
                {
                    throw new CorruptLogException(file, 0, name + " ends early");
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        return bytes;
    }
}
