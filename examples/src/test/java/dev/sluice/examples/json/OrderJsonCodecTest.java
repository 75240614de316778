package dev.sluice.examples.json;

import dev.sluice.core.function.MalformedRecordException;
import dev.sluice.examples.orders.OrderEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderJsonCodecTest
{
    private final OrderJsonCodec codec = new OrderJsonCodec();

    @Test
    void shouldEncodeTheSpecsLineAndDecodeItFromHeapAndDirectBuffers()
    {
        final OrderEvent event = OrderJsonDecoderTest.EXAMPLE_EVENT;
        for (final UnsafeBuffer buffer : new UnsafeBuffer[]{
            new UnsafeBuffer(new byte[512], 7, 300), new UnsafeBuffer(ByteBuffer.allocateDirect(512))})
        {
            final int length = codec.encodedLength(event);
            assertEquals(length, codec.encode(event, buffer, 3));
            assertEquals(OrderJsonDecoderTest.EXAMPLE, buffer.getStringWithoutLengthUtf8(3, length));
            assertEquals(event.toString(), codec.decode(buffer, 3, length).toString());
        }
    }

    @Test
    void shouldRejectARecordThatIsNotAnOrderWithTheReason()
    {
        final byte[] bytes = OrderJsonDecoderTest.EXAMPLE.replace("2558.64", "2558.641")
            .getBytes(StandardCharsets.UTF_8);
        final MalformedRecordException ex = assertThrows(MalformedRecordException.class,
            () -> codec.decode(new UnsafeBuffer(bytes), 0, bytes.length));
        assertTrue(ex.getMessage().startsWith("not an order: amount 2558.641 has more than two decimals"),
            ex.getMessage());
    }
}
