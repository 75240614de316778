package dev.sluice.core;

import dev.sluice.core.sink.ResultSink;
import dev.sluice.core.source.InMemoryLog;
import dev.sluice.core.source.Source;
import dev.sluice.core.time.WatermarkStrategy;
import dev.sluice.core.window.TumblingWindows;

/**
 * Test helpers: logs of test events and the standard test pipeline.
 */
final class Pipelines
{
    private Pipelines()
    {
    }

    static InMemoryLog log(final TestEvent... events)
    {
        final InMemoryLog log = new InMemoryLog();
        append(log, events);
        return log;
    }

    static Source all(final TestEvent... events)
    {
        return log(events).all();
    }

    static void append(final InMemoryLog log, final TestEvent... events)
    {
        final TestEvent.TestCodec codec = new TestEvent.TestCodec();
        for (final TestEvent e : events)
        {
            log.append(codec, e);
        }
    }

    static PipelineBuilder<TestEvent> define(
        final Source source, final long size, final WatermarkStrategy<TestEvent> strategy, final ResultSink sink)
    {
        return Pipeline.from(source, new TestEvent.TestCodec())
            .withTimestamps(TestEvent::time, strategy)
            .keyBy(TestEvent::key)
            .window(TumblingWindows.of(size))
            .aggregate(Reference.aggregations())
            .sink(sink);
    }

    static Pipeline pipeline(final Source source, final long size, final long bound, final ResultSink sink)
    {
        return define(source, size, WatermarkStrategy.boundedOutOfOrderness(bound), sink).build();
    }
}
