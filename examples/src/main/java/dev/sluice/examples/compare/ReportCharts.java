package dev.sluice.examples.compare;

import dev.sluice.core.ExecutionMode;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

/**
 * The report's PNG charts, drawn with JFreeChart (headless: no display needed). Stateless.
 */
final class ReportCharts
{
    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    /** One colour a mode, in the order batch, micro-batch, streaming. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
    /** The percentile axis ends at 99.999%: five nines. */
    private static final double MAX_NINES = 5;

    private ReportCharts()
    {
    }

    /**
     * A named latency histogram, ns.
     *
     * @param name      the legend's name.
     * @param histogram the latencies.
     * @param dashed    drawn dashed.
     * @param colour    its colour ({@link #colour(ExecutionMode, int)}).
     */
    record Curve(String name, Histogram histogram, boolean dashed, Color colour)
    {
    }

    /**
     * Latency against percentile, both on log scales: the percentile axis counts nines (50%, 90%, 99% ... 99.999%
     * equally apart), as HdrHistogram's plots do, so the tail gets the room it needs.
     */
    static void percentiles(final String title, final List<Curve> curves, final Path file)
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        for (final Curve curve : curves)
        {
            final XYSeries series = new XYSeries(curve.name(), false, true);
            if (curve.histogram().getTotalCount() > 0)
            {
                for (final HistogramIterationValue value : curve.histogram().percentiles(5))
                {
                    final double percentile = value.getPercentileLevelIteratedTo();
                    final double nines = percentile >= 100 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 -
                        percentile / 100));
                    series.add(nines, Math.max(0.1, value.getValueIteratedTo() / 1e3));
                    if (nines >= MAX_NINES)
                    {
                        break;
                    }
                }
            }
            data.addSeries(series);
        }
        final NumberAxis x = new NumberAxis("percentile");
        // a little room after the last tick, so that its label (99.999%) is not cut
        x.setRange(0, MAX_NINES + 0.2);
        x.setTickUnit(new NumberTickUnit(1, new NinesFormat()));
        final LogAxis y = decades("latency, µs (log scale)");
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        style(renderer, curves);
        final XYPlot plot = new XYPlot(data, x, y, renderer);
        save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), file);
    }

    /**
     * Latency second by second: one line per curve, log scale.
     */
    static void overTime(
        final String title, final List<String> names, final List<Color> colours, final List<LatencySeries> series,
        final Path file)
    {
        final XYSeriesCollection data = new XYSeriesCollection();
        for (int i = 0; i < names.size(); i++)
        {
            final XYSeries p99 = new XYSeries(names.get(i) + " p99", false, true);
            final XYSeries max = new XYSeries(names.get(i) + " max", false, true);
            for (final LatencySeries.Interval interval : series.get(i).intervals())
            {
                p99.add(interval.endSeconds(), Math.max(0.1, interval.p99Ns() / 1e3));
                max.add(interval.endSeconds(), Math.max(0.1, interval.maxNs() / 1e3));
            }
            data.addSeries(p99);
            data.addSeries(max);
        }
        final NumberAxis x = new NumberAxis("seconds since the producer started");
        final LogAxis y = decades("event-to-result latency per second, µs (log scale)");
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < names.size(); i++)
        {
            final Color colour = colours.get(i);
            renderer.setSeriesPaint(2 * i, colour);
            renderer.setSeriesPaint(2 * i + 1, colour);
            renderer.setSeriesStroke(2 * i, new BasicStroke(2f));
            renderer.setSeriesStroke(2 * i + 1, dashed());
        }
        save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, new XYPlot(data, x, y, renderer), true), file);
    }

    /**
     * Events per second of each mode at each parallelism, as bars with their values: a group of bars per
     * parallelism, a bar per mode in it.
     *
     * @param modes           the modes' names, one a bar.
     * @param groups          the name of each bar's group (its parallelism).
     * @param eventsPerSecond each bar's value.
     */
    static void throughput(final String title, final List<String> modes, final List<String> groups,
        final List<Double> eventsPerSecond, final Path file)
    {
        final DefaultCategoryDataset data = new DefaultCategoryDataset();
        final BarRenderer renderer = new BarRenderer();
        for (int i = 0; i < modes.size(); i++)
        {
            // a series a mode, so that each bar has its mode's colour and a legend entry
            data.addValue(eventsPerSecond.get(i) / 1e6, modes.get(i), groups.get(i));
            renderer.setSeriesPaint(data.getRowIndex(modes.get(i)), colour(modes.get(i)));
        }
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.1);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}M events/s",
            new DecimalFormat("0.00")));
        renderer.setDefaultItemLabelsVisible(true);
        final CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(""),
            new NumberAxis("millions of events per second"), renderer);
        save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), file);
    }

    /**
     * @return a log axis with a tick at each power of ten: 1, 10, 100, 1,000 ...
     */
    private static LogAxis decades(final String label)
    {
        final LogAxis axis = new LogAxis(label);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        return axis;
    }

    private static void style(final XYLineAndShapeRenderer renderer, final List<Curve> curves)
    {
        for (int i = 0; i < curves.size(); i++)
        {
            final Curve curve = curves.get(i);
            renderer.setSeriesPaint(i, curve.colour());
            renderer.setSeriesStroke(i, curve.dashed() ? dashed() : new BasicStroke(2.5f));
        }
    }

    /**
     * @param name a mode's name, maybe with more after it.
     * @return its colour.
     */
    static Color colour(final String name)
    {
        return name.startsWith("batch") ? COLOURS[0] : name.startsWith("micro") ? COLOURS[1] : COLOURS[2];
    }

    /**
     * @param mode a mode.
     * @param rank 0 for the lowest parallelism run, 1 for the next ...
     * @return the mode's colour, darker with each rank, so that a mode's curves at several P stay its hue.
     */
    static Color colour(final ExecutionMode mode, final int rank)
    {
        Color colour = COLOURS[mode == ExecutionMode.BATCH ? 0 : mode == ExecutionMode.MICRO_BATCH ? 1 : 2];
        for (int i = 0; i < rank; i++)
        {
            colour = colour.darker();
        }
        return colour;
    }

    private static BasicStroke dashed()
    {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static void save(final JFreeChart chart, final Path file)
    {
        chart.setBackgroundPaint(Color.WHITE);
        try
        {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the chart " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes a count of nines as the percentile it stands for: 0 as 0%, 1 as 90%, 2 as 99%, 3 as 99.9%.
     */
    private static final class NinesFormat extends NumberFormat
    {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(final double nines, final StringBuffer to, final FieldPosition position)
        {
            final double percentile = 100 * (1 - Math.pow(10, -nines));
            final int decimals = Math.max(0, (int)Math.round(nines) - 2);
            return to.append(String.format(Locale.ROOT, "%." + decimals + "f%%", percentile));
        }

        @Override
        public StringBuffer format(final long nines, final StringBuffer to, final FieldPosition position)
        {
            return format((double)nines, to, position);
        }

        @Override
        public Number parse(final String source, final ParsePosition position)
        {
            throw new UnsupportedOperationException("labels only");
        }
    }
}
