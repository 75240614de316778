package dev.sluice.core.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every emission, updates included, in arrival order. For tests and small results: it allocates
 * a row per emission. Not thread-safe: read it after the job's run returned.
 */
public final class CollectingSink implements ResultSink
{
    private final List<ResultRow> rows = new ArrayList<>();

    public void onResult(final WindowResult result)
    {
        rows.add(result.toRow());
    }

    /**
     * @return every emission, in order.
     */
    public List<ResultRow> rows()
    {
        return rows;
    }

    public void clear()
    {
        rows.clear();
    }
}
