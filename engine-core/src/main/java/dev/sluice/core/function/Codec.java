package dev.sluice.core.function;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns an event into bytes and back.
 * <p>
 * {@link #decode} returns an instance the codec owns and reuses (a populated object or a flyweight over the
 * buffer): it is valid only until the next call, so the hot path allocates nothing. Copy what must outlive it.
 * <p>
 * Not thread-safe: a codec instance belongs to one job or one writer.
 *
 * @param <T> the event type.
 */
public interface Codec<T>
{
    /**
     * @param event the event to be encoded.
     * @return exactly the number of bytes {@link #encode} will write for it.
     */
    int encodedLength(T event);

    /**
     * @param event  to write.
     * @param buffer to write into; must have {@link #encodedLength} bytes free at {@code offset}.
     * @param offset where to start writing.
     * @return bytes written.
     */
    int encode(T event, MutableDirectBuffer buffer, int offset);

    /**
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return the decoded event, an instance reused by the next call.
     * @throws MalformedRecordException (or any runtime exception) when the bytes are not a valid event; the job
     *                                  passes it to its {@link RecordErrorHandler} with the record's position.
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
