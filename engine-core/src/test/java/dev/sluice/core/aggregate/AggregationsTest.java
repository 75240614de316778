package dev.sluice.core.aggregate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregationsTest
{
    @Test
    void shouldNameQuantileOutputsByPercent()
    {
        final Aggregation<Long> a = Aggregations.medianAndP99("latency", v -> v);
        assertEquals(List.of("latency_p50", "latency_p99"), a.outputNames());
        assertTrue(a.isDoubleOutput(0));
        assertEquals(List.of("x_p99_9"), Aggregations.<Long>quantiles("x", v -> v, 0.01, 0.999).outputNames());
    }

    @Test
    void shouldRejectBadQuantileParametersNamingTheValue()
    {
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> Aggregations.<Long>quantiles("q", v -> v, 0.7, 0.5)).getMessage().contains("relativeAccuracy=0.7"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> Aggregations.<Long>quantiles("q", v -> v, 0.01, 1.5)).getMessage().contains("quantile 1.5"));
        assertThrows(IllegalArgumentException.class, () -> Aggregations.<Long>quantiles("q", v -> v, 0.01));
    }

    @Test
    void shouldRefuseToMergeSketchesOfDifferentAccuracy()
    {
        assertThrows(IllegalArgumentException.class, () -> new QuantileSketch(0.01).merge(new QuantileSketch(0.02)));
    }

    @Test
    void shouldReportNaNForAnEmptySketch()
    {
        assertTrue(Double.isNaN(new QuantileSketch(0.01).quantile(0.5)));
    }
}
