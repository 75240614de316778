package dev.sluice.flink.sink;

import dev.sluice.core.Pipeline;
import dev.sluice.core.sink.CommittedOutput;
import dev.sluice.core.sink.ResultLineFormat;
import dev.sluice.core.sink.ResultSchema;
import dev.sluice.flink.PipelineRecipe;
import dev.sluice.flink.SluiceResult;
import dev.sluice.flink.internal.PipelineCopy;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Exactly-once result files on Flink: Flink's {@link FileSink} writing the lines Sluice's own sinks write (CSV with its
 * header line, as {@code TextFileSink.csv}, or JSON lines), a part file per subtask and checkpoint, committed (renamed
 * from a hidden in-progress file) only when the checkpoint is complete. A job killed and restored from its checkpoint
 * commits each result once: what it wrote after that checkpoint stays in-progress and is written again. Without
 * checkpoints (a BATCH job, or STREAMING with none) files are committed at the end of input.
 * <pre>
 *   dir/results-&lt;uuid&gt;-&lt;subtask&gt;-&lt;n&gt;.csv          committed
 *   dir/.results-&lt;uuid&gt;-&lt;subtask&gt;-&lt;n&gt;.csv.inprogress.&lt;id&gt;   being written: not output yet
 * </pre>
 */
public final class ResultFiles
{
    /** Committed files start with this. */
    public static final String PREFIX = "results";

    private ResultFiles()
    {
    }

    /**
     * @param dir    the output directory (a path every task manager writes to; any Flink file system URI works through
     *               {@link #forUri}).
     * @param recipe the pipeline, for its result schema.
     * @return a sink of CSV part files.
     */
    public static FileSink<SluiceResult> csv(final Path dir, final PipelineRecipe recipe)
    {
        return forUri(dir.toAbsolutePath().toUri().toString(), recipe, false);
    }

    /**
     * @param dir    the output directory.
     * @param recipe the pipeline, for its result schema.
     * @return a sink of JSON-lines part files.
     */
    public static FileSink<SluiceResult> jsonLines(final Path dir, final PipelineRecipe recipe)
    {
        return forUri(dir.toAbsolutePath().toUri().toString(), recipe, true);
    }

    /**
     * @param uri       the output directory as a Flink file system URI ({@code file:///...}, {@code s3://...}).
     * @param recipe    the pipeline, for its result schema.
     * @param jsonLines JSON lines rather than CSV.
     * @return the sink.
     */
    public static FileSink<SluiceResult> forUri(final String uri, final PipelineRecipe recipe, final boolean jsonLines)
    {
        return FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(uri), new Lines(recipe, jsonLines))
            .withBucketAssigner(new BasePathBucketAssigner<>())
            .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PREFIX)
                .withPartSuffix(jsonLines ? ".jsonl" : ".csv").build())
            .build();
    }

    /**
     * @param dir a CSV sink's output directory.
     * @return its committed files, oldest first (a later file of a subtask holds a (window, key)'s later update).
     */
    public static List<Path> committedFiles(final Path dir)
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.getFileName().toString().startsWith(PREFIX))
                .sorted(Comparator.comparing((Path f) -> modified(f)).thenComparing(Path::toString))
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list output directory " + dir, ex);
        }
    }

    private static FileTime modified(final Path file)
    {
        try
        {
            return Files.getLastModifiedTime(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * @param dir    a CSV sink's output directory.
     * @param schema the pipeline's result schema.
     * @return what its committed files hold: the latest row per (window, key), and any line found twice.
     */
    public static CommittedOutput readCommitted(final Path dir, final ResultSchema schema)
    {
        return CommittedOutput.readCsvFiles(committedFiles(dir), schema);
    }

    /** Writes a part file's lines; the description is built on the task that writes. */
    private static final class Lines implements BulkWriter.Factory<SluiceResult>
    {
        private static final long serialVersionUID = 1L;

        private final PipelineCopy pipeline;
        private final boolean jsonLines;

        Lines(final PipelineRecipe recipe, final boolean jsonLines)
        {
            this.pipeline = new PipelineCopy(recipe);
            this.jsonLines = jsonLines;
        }

        public BulkWriter<SluiceResult> create(final FSDataOutputStream out) throws IOException
        {
            final Pipeline description = pipeline.get();
            final ResultLineFormat format = new ResultLineFormat();
            final ResultColumns columns = new ResultColumns(description.aggregations(), description.schema());
            if (!jsonLines)
            {
                out.write(bytes(format.csvHeader(description.schema(), false)));
            }
            return new BulkWriter<>()
            {
                public void addElement(final SluiceResult result) throws IOException
                {
                    out.write(bytes(jsonLines ? format.jsonLine(columns.wrap(result)) :
                        format.csvLine(-1, columns.wrap(result))));
                }

                public void flush() throws IOException
                {
                    out.flush();
                }

                public void finish() throws IOException
                {
                    out.flush();
                }
            };
        }

        private static byte[] bytes(final CharSequence line)
        {
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
