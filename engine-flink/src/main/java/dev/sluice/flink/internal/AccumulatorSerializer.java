package dev.sluice.flink.internal;

import dev.sluice.core.aggregate.Aggregation;
import dev.sluice.core.checkpoint.StateInput;
import dev.sluice.core.checkpoint.StateOutput;
import dev.sluice.flink.PipelineRecipe;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.List;

/**
 * Writes an {@link Accumulator} into Flink's state and checkpoints as the bytes its columns' snapshot gives,
 * length-prefixed; reads it back through their restore. A copy is a write and a read, so it is as deep as a
 * checkpoint. Its snapshot carries the recipe, so a restored job rebuilds the same columns.
 */
public final class AccumulatorSerializer extends TypeSerializer<Accumulator>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;
    private transient StateOutput scratch;
    private transient byte[] bytes;

    public AccumulatorSerializer(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    private List<Aggregation<?>> aggregations()
    {
        return pipeline.get().aggregations();
    }

    public boolean isImmutableType()
    {
        return false;
    }

    public TypeSerializer<Accumulator> duplicate()
    {
        // the scratch buffers are not thread-safe, and the description's columns are made per copy
        return new AccumulatorSerializer(new PipelineCopy(pipeline.recipe()));
    }

    public Accumulator createInstance()
    {
        return Accumulator.empty(aggregations());
    }

    public Accumulator copy(final Accumulator from)
    {
        final StateOutput out = written(from);
        return Accumulator.read(aggregations(), new StateInput(null, out.buffer(), 0, out.length()));
    }

    public Accumulator copy(final Accumulator from, final Accumulator reuse)
    {
        return copy(from);
    }

    public int getLength()
    {
        return -1;
    }

    public void serialize(final Accumulator record, final DataOutputView target) throws IOException
    {
        final StateOutput out = written(record);
        final int length = out.length();
        final byte[] array = scratchBytes(length);
        out.buffer().getBytes(0, array, 0, length);
        target.writeInt(length);
        target.write(array, 0, length);
    }

    public Accumulator deserialize(final DataInputView source) throws IOException
    {
        final int length = source.readInt();
        final byte[] array = new byte[length];
        source.readFully(array);
        return Accumulator.read(aggregations(), new StateInput(null, new UnsafeBuffer(array), 0, length));
    }

    public Accumulator deserialize(final Accumulator reuse, final DataInputView source) throws IOException
    {
        return deserialize(source);
    }

    public void copy(final DataInputView source, final DataOutputView target) throws IOException
    {
        final int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    private StateOutput written(final Accumulator accumulator)
    {
        if (null == scratch)
        {
            scratch = new StateOutput(256);
        }
        scratch.reset();
        accumulator.write(scratch);
        return scratch;
    }

    private byte[] scratchBytes(final int length)
    {
        if (null == bytes || bytes.length < length)
        {
            bytes = new byte[Math.max(length, 256)];
        }
        return bytes;
    }

    public boolean equals(final Object o)
    {
        return o instanceof AccumulatorSerializer;
    }

    public int hashCode()
    {
        return AccumulatorSerializer.class.hashCode();
    }

    public TypeSerializerSnapshot<Accumulator> snapshotConfiguration()
    {
        return new Snapshot(pipeline.recipe());
    }

    /**
     * The serializer's configuration in a checkpoint: the recipe, Java-serialized (Flink makes this class with its
     * no-argument constructor on restore, then reads it).
     */
    public static final class Snapshot implements TypeSerializerSnapshot<Accumulator>
    {
        private PipelineRecipe recipe;

        public Snapshot()
        {
        }

        Snapshot(final PipelineRecipe recipe)
        {
            this.recipe = recipe;
        }

        public int getCurrentVersion()
        {
            return 1;
        }

        public void writeSnapshot(final DataOutputView out) throws IOException
        {
            final byte[] serialized = InstantiationUtil.serializeObject(recipe);
            out.writeInt(serialized.length);
            out.write(serialized);
        }

        public void readSnapshot(final int readVersion, final DataInputView in, final ClassLoader classLoader)
            throws IOException
        {
            final byte[] serialized = new byte[in.readInt()];
            in.readFully(serialized);
            try
            {
                recipe = InstantiationUtil.deserializeObject(serialized, classLoader);
            }
            catch (final ClassNotFoundException ex)
            {
                throw new IOException("the checkpoint's pipeline recipe " + ex.getMessage() + " is not on the " +
                    "class path: restore with the job jar that took the checkpoint", ex);
            }
        }

        public TypeSerializer<Accumulator> restoreSerializer()
        {
            return new AccumulatorSerializer(new PipelineCopy(recipe));
        }

        public TypeSerializerSchemaCompatibility<Accumulator> resolveSchemaCompatibility(
            final TypeSerializerSnapshot<Accumulator> oldSerializerSnapshot)
        {
            // the columns' own snapshots are versioned by the pipeline's state layout: same recipe, same bytes
            return oldSerializerSnapshot instanceof Snapshot ? TypeSerializerSchemaCompatibility.compatibleAsIs() :
                TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
