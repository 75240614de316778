package dev.sluice.examples.orders;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrdersWorkloadTest
{
    @Test
    void shouldMatchTheReferenceSplitMix64Output()
    {
        // the published first outputs of SplitMix64 seeded with 0
        final SplitMix64 random = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, random.next());
        assertEquals(0x6E789E6AA1B965F4L, random.next());
        assertEquals(0x06C45D188009454FL, random.next());
    }

    @Test
    void shouldHaveTheDefaultsOfTheWorkloadPage()
    {
        assertEquals(new OrdersWorkload(42, 1_000_000, 1767225600000L, 1000, 5000, 0, 60000, 1000, 8, 100000),
            OrdersWorkload.defaults());
    }

    @Test
    void shouldDelayEveryLateEveryThEventByTheLateDelay()
    {
        final OrdersWorkload onTime = OrdersWorkload.defaults().withCount(10);
        final OrdersWorkload late = onTime.withLateEvery(3);
        final OrdersGenerator a = new OrdersGenerator(onTime);
        final OrdersGenerator b = new OrdersGenerator(late);
        final OrderEvent x = new OrderEvent();
        final OrderEvent y = new OrderEvent();
        for (int i = 0; i < 10; i++)
        {
            a.next(x);
            b.next(y);
            assertEquals(x.eventTimeMillis() - (i % 3 == 2 ? 60000 : 0), y.eventTimeMillis(), "event " + i);
            assertEquals(x.amountCents(), y.amountCents());
            assertEquals(i, y.eventId());
            final long nominal = 1767225600000L + i;
            assertTrue(x.eventTimeMillis() <= nominal && x.eventTimeMillis() >= nominal - 5000);
        }
        assertThrows(IllegalStateException.class, () -> a.next(x));
    }

    @Test
    void shouldRejectInvalidParametersNamingThem()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OrdersWorkload.defaults().withKeys(0, 8, 10));
        assertTrue(ex.getMessage().contains("products 0 is less than 1: give a products of at least 1"), ex.getMessage());
    }

    @Property(tries = 200)
    void codecShouldRoundTripEveryGeneratedEventIntoTheReusedInstance(
        @ForAll final long seed, @ForAll @IntRange(min = 0, max = 64) final int offset)
    {
        final OrderEventCodec codec = new OrderEventCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final OrdersGenerator generator = new OrdersGenerator(OrdersWorkload.defaults().withSeed(seed).withCount(20));
        final OrderEvent event = new OrderEvent();
        OrderEvent previous = null;
        while (generator.hasNext())
        {
            generator.next(event);
            assertEquals(OrderEventCodec.LENGTH, codec.encode(event, buffer, offset));
            final OrderEvent decoded = codec.decode(buffer, offset, OrderEventCodec.LENGTH);
            if (previous != null)
            {
                assertSame(previous, decoded);
            }
            previous = decoded;
            assertEquals(event.toString(), decoded.toString());
        }
    }

    @Test
    void shouldRejectMalformedPayloads()
    {
        final OrderEventCodec codec = new OrderEventCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        assertTrue(assertThrows(dev.sluice.core.function.MalformedRecordException.class,
            () -> codec.decode(buffer, 0, 12)).getMessage().contains("12 bytes, expected 40"));
        codec.encode(new OrderEvent(1, 2, -3, 4, 5, 6), buffer, 0);
        assertThrows(dev.sluice.core.function.MalformedRecordException.class, () -> codec.decode(buffer, 0, 40));
    }
}
