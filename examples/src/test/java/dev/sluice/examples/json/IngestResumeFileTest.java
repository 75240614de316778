package dev.sluice.examples.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestResumeFileTest
{
    @Test
    void shouldReadBackWhatItWroteOverTheLastState(@TempDir final Path dir) throws Exception
    {
        final Path input = dir.resolve("in put\\x=1.jsonl");
        Files.writeString(input, "{}\n{}\n", StandardCharsets.UTF_8);
        final IngestResumeFile start = IngestResumeFile.start(input);
        assertNull(IngestResumeFile.read(dir));

        start.after(1, 3, 10, 0, 1, 80).write(dir);
        final IngestResumeFile last = start.after(2, 6, 12, 1, 1, 80);
        last.write(dir);

        assertEquals(last, IngestResumeFile.read(dir));
        assertTrue(last.complete());
        assertFalse(Files.exists(dir.resolve(IngestResumeFile.FILE_NAME + ".tmp")));
        IngestResumeFile.delete(dir);
        assertNull(IngestResumeFile.read(dir));
    }

    @Test
    void shouldTellAnotherInputBySizeTimeAndFirstBytes(@TempDir final Path dir) throws Exception
    {
        final Path input = dir.resolve("orders.jsonl");
        Files.writeString(input, "{\"a\":1}\n", StandardCharsets.UTF_8);
        final FileTime time = Files.getLastModifiedTime(input);
        final IngestResumeFile first = IngestResumeFile.start(input);
        assertTrue(first.sameInput(IngestResumeFile.start(input)));

        Files.writeString(input, "{\"a\":2}\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(input, time);
        assertFalse(first.sameInput(IngestResumeFile.start(input)), "same size and time, other bytes");

        Files.writeString(input, "{\"a\":1}\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(input, FileTime.fromMillis(time.toMillis() + 1000));
        assertFalse(first.sameInput(IngestResumeFile.start(input)), "same bytes, another time");

        Files.writeString(input, "{\"a\":1}\n\n", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(input, time);
        assertFalse(first.sameInput(IngestResumeFile.start(input)), "appended to");
    }

    @Test
    void shouldNameTheFileAndTheFixWhenItIsNotAState(@TempDir final Path dir) throws Exception
    {
        Files.writeString(dir.resolve(IngestResumeFile.FILE_NAME), "input=x\nsize=ten\n", StandardCharsets.UTF_8);

        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> IngestResumeFile.read(dir));

        assertTrue(error.getMessage().contains(IngestResumeFile.FILE_NAME) &&
            error.getMessage().contains("delete it to ingest its input from the start"), error.getMessage());
    }
}
