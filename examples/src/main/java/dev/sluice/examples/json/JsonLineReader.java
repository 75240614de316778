package dev.sluice.examples.json;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines at {@code '\n'} (a {@code '\r'} before it stays in the line), numbered from 1,
 * handing each to a {@link LineHandler} as a range of one reused buffer. Memory is fixed: a line longer than
 * {@code maxLineBytes} is not held but streamed past to its end, and reported by its length and its first bytes,
 * so a line of any length costs the buffer of {@code maxLineBytes} plus {@value #READ_BYTES} bytes, no more.
 * Not thread-safe.
 */
public final class JsonLineReader
{
    /** Bytes asked of the input at a time. */
    public static final int READ_BYTES = 64 * 1024;

    /** What the reader hands on; the buffers are the reader's, valid only during the call. */
    public interface LineHandler
    {
        /**
         * @param lineNumber from 1.
         * @param buffer     holds the line.
         * @param offset     where it starts.
         * @param length     its bytes, without the {@code '\n'}; at most {@code maxLineBytes}.
         */
        void onLine(long lineNumber, byte[] buffer, int offset, int length);

        /**
         * @param lineNumber from 1.
         * @param length     its bytes, without the {@code '\n'}: more than {@code maxLineBytes}.
         * @param head       its first bytes, from 0.
         * @param headLength how many: {@code headBytes} of the constructor.
         */
        void onOverlongLine(long lineNumber, long length, byte[] head, int headLength);
    }

    private final int maxLineBytes;
    private final byte[] buffer;
    private final byte[] head;
    private long bytesRead;
    private long lineEnd;

    /**
     * @param maxLineBytes longest line handed on whole.
     * @param headBytes    bytes of an overlong line kept to show, at most {@code maxLineBytes}.
     */
    public JsonLineReader(final int maxLineBytes, final int headBytes)
    {
        if (maxLineBytes < 1 || maxLineBytes > Integer.MAX_VALUE - 2 * READ_BYTES)
        {
            throw new IllegalArgumentException("maxLineBytes " + maxLineBytes + " is outside 1.." +
                (Integer.MAX_VALUE - 2 * READ_BYTES));
        }
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[maxLineBytes + READ_BYTES];
        this.head = new byte[Math.min(Math.max(0, headBytes), maxLineBytes)];
    }

    /**
     * Reads {@code in} to its end. The last line needs no {@code '\n'}; an empty input has no lines, and a final
     * {@code '\n'} starts none.
     *
     * @return lines handed on (the number of the last one).
     * @throws IOException from {@code in}; the lines before were handed on.
     */
    public long read(final InputStream in, final LineHandler handler) throws IOException
    {
        return read(in, handler, 0);
    }

    /**
     * {@link #read(InputStream, LineHandler)} numbering the lines on from {@code linesBefore}: for an input that
     * continues one read before (a resumed ingest).
     *
     * @return the number of the last line handed on ({@code linesBefore} when there is none).
     */
    public long read(final InputStream in, final LineHandler handler, final long linesBefore) throws IOException
    {
        final byte[] buf = buffer;
        long lineNumber = linesBefore;
        int start = 0;
        int end = 0;
        int scan = 0;
        boolean skipping = false;
        long skippedLength = 0;
        while (true)
        {
            final int newline = ByteSearch.indexOf(buf, scan, end, (byte)'\n');
            if (newline >= 0)
            {
                lineNumber++;
                // buf[0, end) holds the last end bytes read
                lineEnd = bytesRead - end + newline + 1;
                if (skipping)
                {
                    handler.onOverlongLine(lineNumber, skippedLength + newline - start, head, head.length);
                    skipping = false;
                }
                else if (newline - start > maxLineBytes)
                {
                    System.arraycopy(buf, start, head, 0, head.length);
                    handler.onOverlongLine(lineNumber, newline - start, head, head.length);
                }
                else
                {
                    handler.onLine(lineNumber, buf, start, newline - start);
                }
                start = newline + 1;
                scan = start;
                continue;
            }
            if (skipping)
            {
                skippedLength += end - start;
                start = 0;
                end = 0;
            }
            else if (end - start > maxLineBytes)
            {
                // keep its head, then stream past the rest: the buffer never holds more than maxLineBytes of a line
                System.arraycopy(buf, start, head, 0, head.length);
                skipping = true;
                skippedLength = end - start;
                start = 0;
                end = 0;
            }
            else if (buf.length - end < READ_BYTES)
            {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            scan = end;
            final int read = in.read(buf, end, buf.length - end);
            if (read < 0)
            {
                break;
            }
            bytesRead += read;
            end += read;
        }
        lineEnd = bytesRead;
        if (skipping)
        {
            handler.onOverlongLine(++lineNumber, skippedLength, head, head.length);
        }
        else if (end > start)
        {
            handler.onLine(++lineNumber, buf, start, end - start);
        }
        return lineNumber;
    }

    /**
     * @return bytes of every input so far up to the end of the line being handed on, its {@code '\n'} included:
     * where the next line starts. Valid during a {@link LineHandler} call.
     */
    public long lineEnd()
    {
        return lineEnd;
    }

    /**
     * @return bytes read from every input so far.
     */
    public long bytesRead()
    {
        return bytesRead;
    }
}
