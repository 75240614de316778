package dev.sluice.core;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shape of engine-core, read from its compiled classes by the JDK's {@code jdeps}: its packages form no
 * cycle, the public packages reach nothing internal but through {@code dev.sluice.core} itself, and it holds
 * no workload and nothing of the command line.
 */
class PackageStructureTest
{
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Pattern EDGE =
        Pattern.compile("^\\s+(dev\\.sluice\\.core\\S*)\\s+->\\s+(dev\\.sluice\\.core\\S*)\\s");

    @Test
    void packagesFormNoCycle()
    {
        final Map<String, Set<String>> edges = packageEdges();
        assertFalse(edges.isEmpty(), "jdeps found no dependencies in " + CLASSES.toAbsolutePath());
        for (final String start : edges.keySet())
        {
            final List<String> cycle = cycleFrom(start, start, edges, new ArrayList<>(), new TreeSet<>());
            assertNull(cycle, () -> "package cycle: " + String.join(" -> ", cycle));
        }
    }

    @Test
    void onlyTheEntryPackageReachesTheInternals()
    {
        final Map<String, Set<String>> edges = packageEdges();
        edges.forEach((from, tos) ->
        {
            if (!from.equals("dev.sluice.core") && !from.startsWith("dev.sluice.core.internal"))
            {
                assertFalse(tos.stream().anyMatch(to -> to.startsWith("dev.sluice.core.internal")),
                    () -> from + " depends on the internals: " + tos);
            }
        });
    }

    @Test
    void holdsNoWorkloadNorCommandLine() throws Exception
    {
        try (Stream<Path> files = Files.walk(CLASSES))
        {
            final List<String> strays = files.map(p -> CLASSES.relativize(p).toString())
                .filter(p -> p.endsWith(".class"))
                .filter(p -> p.contains("orders") || p.contains("picocli") || p.contains("Cli") ||
                    p.contains("Command"))
                .toList();
            assertEquals(List.of(), strays, "workload or command-line classes in engine-core");
        }
    }

    private static List<String> cycleFrom(
        final String start,
        final String at,
        final Map<String, Set<String>> edges,
        final List<String> path,
        final Set<String> visited)
    {
        path.add(at);
        for (final String next : edges.getOrDefault(at, Set.of()))
        {
            if (next.equals(start))
            {
                final List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (visited.add(next))
            {
                final List<String> found = cycleFrom(start, next, edges, path, visited);
                if (null != found)
                {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private static Map<String, Set<String>> packageEdges()
    {
        final ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(
            () -> new AssertionError("the JDK's jdeps tool is missing: run the tests on a JDK, not a JRE"));
        final StringWriter out = new StringWriter();
        final int exit = jdeps.run(
            new PrintWriter(out), new PrintWriter(out), "-verbose:package", CLASSES.toString());
        assertEquals(0, exit, () -> "jdeps failed: " + out);
        final Map<String, Set<String>> edges = new TreeMap<>();
        for (final String line : out.toString().split("\n"))
        {
            final Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2)))
            {
                edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return edges;
    }
}
