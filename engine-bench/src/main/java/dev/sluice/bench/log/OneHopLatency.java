package dev.sluice.bench.log;

import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One-hop latency, writer thread to reader thread through a log, at a fixed rate.
 *
 * <p>Free of coordinated omission: message {@code i} is due at {@code start + i * intervalNs}; the writer
 * waits for that instant (or sends at once when it is late), stamps the <em>due</em> time into the payload,
 * and the reader records {@code now - due}. A stall on either side therefore shows up in every message it
 * delays, not just the one in flight. The first {@code warmupMessages} are sent but not recorded.
 *
 * <p>Both threads busy-spin, which on a two-core machine takes both cores.
 */
public final class OneHopLatency
{
    /** What {@link Receiver#pollStamp()} returns when nothing new is there. */
    public static final long NOTHING = Long.MIN_VALUE;

    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    /**
     * The reading end: returns the next message's stamp, or {@link #NOTHING}. Closed by the reading thread.
     */
    public interface Receiver extends AutoCloseable
    {
        long pollStamp();

        void close();
    }

    /**
     * The writing end: appends one message stamped with {@code stamp}.
     */
    @FunctionalInterface
    public interface Sender
    {
        void send(long stamp);
    }

    /**
     * A source of the reading end, called on the reading thread.
     */
    @FunctionalInterface
    public interface ReceiverFactory
    {
        Receiver newReceiver();
    }

    private OneHopLatency()
    {
    }

    /**
     * @return a histogram for {@link #run}, in nanoseconds with 3 significant digits.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, 3);
    }

    /**
     * Sends {@code warmupMessages + messages} messages at {@code ratePerSecond} on this thread, receives them on
     * a new thread, and records the latency of the last {@code messages} into {@code histogram}.
     */
    public static void run(
        final Sender sender, final ReceiverFactory receivers, final int warmupMessages, final int messages,
        final long ratePerSecond, final Histogram histogram)
    {
        final long total = (long)warmupMessages + messages;
        final double intervalNs = 1e9 / ratePerSecond;
        final CountDownLatch ready = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try (Receiver receiver = receivers.newReceiver())
            {
                ready.countDown();
                long received = 0;
                while (received < total)
                {
                    final long stamp = receiver.pollStamp();
                    if (stamp != NOTHING)
                    {
                        final long latencyNs = System.nanoTime() - stamp;
                        if (received >= warmupMessages)
                        {
                            histogram.recordValue(Math.min(Math.max(latencyNs, 0), HIGHEST_TRACKABLE_NS));
                        }
                        received++;
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
                ready.countDown();
            }
        }, "one-hop-reader");
        reader.setDaemon(true);
        reader.start();
        try
        {
            ready.await();
            final long startNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
            for (long i = 0; i < total && failure.get() == null; i++)
            {
                final long dueNs = startNs + (long)(i * intervalNs);
                while (System.nanoTime() < dueNs)
                {
                    Thread.onSpinWait();
                }
                sender.send(dueNs);
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the one-hop run", ex);
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("one-hop reader failed: " + failure.get(), failure.get());
        }
        if (reader.isAlive())
        {
            reader.interrupt();
            throw new IllegalStateException("one-hop reader did not receive all " + total + " messages in 60 s");
        }
    }

    /**
     * @return "p50=... p99=... p99.9=... p99.99=... max=..." in microseconds with 2 decimals.
     */
    public static String percentiles(final Histogram h)
    {
        return String.format("p50=%.2fus p99=%.2fus p99.9=%.2fus p99.99=%.2fus max=%.2fus",
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
            h.getValueAtPercentile(99.99) / 1e3, h.getMaxValue() / 1e3);
    }
}
