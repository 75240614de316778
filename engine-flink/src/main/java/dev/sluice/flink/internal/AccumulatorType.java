package dev.sluice.flink.internal;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information of an {@link Accumulator}: serialized by {@link AccumulatorSerializer}, never by Kryo.
 */
public final class AccumulatorType extends TypeInformation<Accumulator>
{
    private static final long serialVersionUID = 1L;

    private final PipelineCopy pipeline;

    public AccumulatorType(final PipelineCopy pipeline)
    {
        this.pipeline = pipeline;
    }

    public boolean isBasicType()
    {
        return false;
    }

    public boolean isTupleType()
    {
        return false;
    }

    public int getArity()
    {
        return 1;
    }

    public int getTotalFields()
    {
        return 1;
    }

    public Class<Accumulator> getTypeClass()
    {
        return Accumulator.class;
    }

    public boolean isKeyType()
    {
        return false;
    }

    public TypeSerializer<Accumulator> createSerializer(final SerializerConfig config)
    {
        return new AccumulatorSerializer(new PipelineCopy(pipeline.recipe()));
    }

    public String toString()
    {
        return "SluiceAccumulator";
    }

    public boolean equals(final Object o)
    {
        return o instanceof AccumulatorType;
    }

    public int hashCode()
    {
        return AccumulatorType.class.hashCode();
    }

    public boolean canEqual(final Object o)
    {
        return o instanceof AccumulatorType;
    }
}
