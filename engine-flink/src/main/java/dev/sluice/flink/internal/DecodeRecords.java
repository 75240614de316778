package dev.sluice.flink.internal;

import dev.sluice.core.Pipeline;
import dev.sluice.core.function.Codec;
import dev.sluice.core.function.FlatMapFunction;
import dev.sluice.core.function.RecordErrorHandler;
import dev.sluice.core.function.Transform;
import dev.sluice.flink.source.LogRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The codec as deserialization, then the pipeline's stateless stages (map, filter, flatMap) in order: a record in,
 * zero or more events out, each pushed on as its stage emits it (a flatMap may reuse its output object, as in the
 * local runner). A record whose decoding or stages throw goes to the pipeline's {@link RecordErrorHandler} with its
 * position: skipped and counted, or the job fails. Errors of the operators downstream are not the record's: they
 * pass the handler by.
 */
public final class DecodeRecords extends RichFlatMapFunction<LogRecord, PositionedEvent>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private transient Codec<?> codec;
    private transient Transform[] stages;
    private transient RecordErrorHandler errorHandler;
    private transient UnsafeBuffer buffer;
    private transient Collector<PositionedEvent> collector;
    private transient PositionedEvent out;
    private transient LongCounter recordsIn;
    private transient LongCounter eventsIn;
    private transient LongCounter recordsSkipped;

    public DecodeRecords(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    public void open(final OpenContext openContext)
    {
        final Pipeline p = pipeline.get();
        codec = p.codec();
        stages = p.transforms().toArray(new Transform[0]);
        errorHandler = p.recordErrorHandler();
        buffer = new UnsafeBuffer(new byte[0]);
        out = new PositionedEvent();
        recordsIn = getRuntimeContext().getLongCounter(Counters.RECORDS_IN);
        eventsIn = getRuntimeContext().getLongCounter(Counters.EVENTS_IN);
        recordsSkipped = getRuntimeContext().getLongCounter(Counters.RECORDS_SKIPPED);
    }

    public void flatMap(final LogRecord record, final Collector<PositionedEvent> collector)
    {
        recordsIn.add(1L);
        this.collector = collector;
        out.position = record.position;
        try
        {
            buffer.wrap(record.payload);
            stage(0, codec.decode(buffer, 0, record.payload.length));
        }
        catch (final DownstreamFailure ex)
        {
            throw ex.failure;
        }
        catch (final RuntimeException ex)
        {
            // the handler throws to fail the job; true skips the record
            if (errorHandler.onRecordError(record.position, ex))
            {
                recordsSkipped.add(1L);
            }
        }
    }

    private void emit(final Object event)
    {
        // object reuse is on: the envelope and a codec's event go on by reference, and Flink serializes them before
        // the next one is made
        out.event = event;
        eventsIn.add(1L);
        try
        {
            collector.collect(out);
        }
        catch (final RuntimeException ex)
        {
            throw new DownstreamFailure(ex);
        }
    }

    /** Carries an error of the operators downstream past the record error handler. */
    private static final class DownstreamFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        private final RuntimeException failure;

        DownstreamFailure(final RuntimeException failure)
        {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void stage(final int index, final Object event)
    {
        if (index == stages.length)
        {
            emit(event);
            return;
        }
        final Transform stage = stages[index];
        if (stage instanceof Transform.Map map)
        {
            stage(index + 1, ((Function)map.function()).apply(event));
        }
        else if (stage instanceof Transform.Filter filter)
        {
            if (((Predicate)filter.predicate()).test(event))
            {
                stage(index + 1, event);
            }
        }
        else if (stage instanceof Transform.FlatMap flatMap)
        {
            ((FlatMapFunction)flatMap.function()).flatMap(event, e -> stage(index + 1, e));
        }
        else
        {
            throw new IllegalStateException("stage " + stage.name() + " is not translated to Flink");
        }
    }
}
