package dev.sluice.core.sink;

import dev.sluice.core.aggregate.Aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a pipeline's results: the outputs of all its aggregations in definition order, each a long or a
 * double, and how the key is written. Immutable and shared by every row of a job.
 */
public final class ResultSchema
{
    private final String[] names;
    private final boolean[] doubles;
    private final int[] scales;
    private final int[] columnIndex;
    private final int[] outputIndex;
    private final KeyFormat keyFormat;
    private final List<Aggregation<?>> aggregations;

    /**
     * @param aggregations the pipeline's aggregations.
     * @param keyFormat    how sinks write the key.
     */
    public ResultSchema(final List<? extends Aggregation<?>> aggregations, final KeyFormat keyFormat)
    {
        final List<String> n = new ArrayList<>();
        final List<Boolean> d = new ArrayList<>();
        final List<Integer> sc = new ArrayList<>();
        final List<int[]> index = new ArrayList<>();
        for (int a = 0; a < aggregations.size(); a++)
        {
            final Aggregation<?> aggregation = aggregations.get(a);
            for (int o = 0; o < aggregation.outputNames().size(); o++)
            {
                final String name = aggregation.outputNames().get(o);
                if (n.contains(name))
                {
                    throw new IllegalArgumentException(
                        "output name '" + name + "' is used twice; give each aggregation its own name");
                }
                n.add(name);
                d.add(aggregation.isDoubleOutput(o));
                sc.add(aggregation.scale(o));
                index.add(new int[]{ a, o });
            }
        }
        names = n.toArray(new String[0]);
        doubles = new boolean[names.length];
        scales = new int[names.length];
        columnIndex = new int[names.length];
        outputIndex = new int[names.length];
        for (int i = 0; i < names.length; i++)
        {
            doubles[i] = d.get(i);
            scales[i] = sc.get(i);
            columnIndex[i] = index.get(i)[0];
            outputIndex[i] = index.get(i)[1];
        }
        this.keyFormat = keyFormat;
        this.aggregations = List.copyOf(aggregations);
    }

    /**
     * @return the aggregations the fields come from, in order: what makes fresh accumulators of this schema (a view
     * that keeps accumulator state restores and merges into them).
     */
    List<Aggregation<?>> aggregations()
    {
        return aggregations;
    }

    public int fieldCount()
    {
        return names.length;
    }

    public String name(final int field)
    {
        return names[field];
    }

    /**
     * @param field a field index.
     * @return digits after the decimal point of a decimal field, whose long value is the unscaled number; 0 for
     * an integer or double field.
     */
    public int scale(final int field)
    {
        return scales[field];
    }

    public boolean isDouble(final int field)
    {
        return doubles[field];
    }

    /**
     * @param name a field name.
     * @return its index.
     * @throws IllegalArgumentException naming the known fields if there is none of that name.
     */
    public int fieldIndex(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no result field '" + name + "'; fields are " + List.of(names));
    }

    int columnIndex(final int field)
    {
        return columnIndex[field];
    }

    int outputIndex(final int field)
    {
        return outputIndex[field];
    }

    public KeyFormat keyFormat()
    {
        return keyFormat;
    }

    public String toString()
    {
        return "ResultSchema" + List.of(names);
    }
}
