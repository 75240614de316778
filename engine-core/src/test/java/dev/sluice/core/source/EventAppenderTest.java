package dev.sluice.core.source;

import dev.sluice.core.TestEvent;
import dev.sluice.log.Log;
import dev.sluice.log.LogConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events go into the log through their codec, in place, and come back out the same; a codec that lies about its
 * length leaves nothing behind.
 */
class EventAppenderTest
{
    @TempDir
    Path dir;

    @Test
    void shouldAppendEventsThatReadBackTheSame()
    {
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final EventAppender<TestEvent> appender = new EventAppender<>(log.appender(), codec);
            final List<Long> positions = new ArrayList<>();
            for (int i = 0; i < 1000; i++)
            {
                positions.add(appender.append(new TestEvent(i % 7, i * 10L, i), 1_000));
            }
            final List<String> read = new ArrayList<>();
            final List<Long> readPositions = new ArrayList<>();
            log.scan(log.startPosition(), log.tailPosition(), (buffer, offset, length, position) ->
            {
                final TestEvent event = codec.decode(buffer, offset, length);
                read.add(event.key + "/" + event.time + "/" + event.value);
                readPositions.add(position);
            });
            assertEquals(positions, readPositions);
            for (int i = 0; i < 1000; i++)
            {
                assertEquals((i % 7) + "/" + (i * 10L) + "/" + i, read.get(i));
            }
        }
    }

    @Test
    void shouldAppendNothingWhenTheCodecWritesAnotherLength()
    {
        final TestEvent.TestCodec good = new TestEvent.TestCodec();
        final OverstatingCodec lying = new OverstatingCodec();
        try (Log log = Log.open(dir, LogConfig.defaults()))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> new EventAppender<>(log.appender(), lying).tryAppend(new TestEvent(1, 2, 3)));
            assertTrue(ex.getMessage().contains("nothing was appended"), ex.getMessage());
            assertEquals(0, log.recordCount());
            assertTrue(new EventAppender<>(log.appender(), good).tryAppend(new TestEvent(1, 2, 3)) >= 0);
            assertEquals(1, log.recordCount());
        }
    }
}
