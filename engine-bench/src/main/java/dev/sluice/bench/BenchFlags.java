package dev.sluice.bench;

/**
 * The JVM flags every JVM that runs these benchmarks needs, in one place.
 *
 * <p>Chronicle Queue on Java 17 reaches into the JDK (the {@code --add-exports} / {@code --add-opens} list
 * Chronicle documents for Java 17, plus {@code java.nio} and {@code sun.nio.ch} opens that its mapped-file
 * code uses) and phones home unless {@code chronicle.analytics.disable} is set; Agrona 2.x needs
 * {@code jdk.internal.misc} exported. The same list is in three places that must agree: these constants (for
 * JMH's {@code @Fork(jvmArgsAppend)}, which takes compile-time constants only), the jar manifest's
 * {@code Add-Opens}/{@code Add-Exports} (engine-bench/pom.xml, for {@code java -jar}), and
 * {@link BenchMain}, which sets the system properties before any Chronicle class loads.
 */
public final class BenchFlags
{
    public static final String ANALYTICS_PROPERTY = "chronicle.analytics.disable";
    public static final String DISK_MONITOR_PROPERTY = "chronicle.disk.monitor.disable";

    public static final String NO_ANALYTICS = "-D" + ANALYTICS_PROPERTY + "=true";
    public static final String NO_DISK_MONITOR = "-D" + DISK_MONITOR_PROPERTY + "=true";

    public static final String AGRONA_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    public static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORT_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    /** A fixed heap so that GC settings do not differ between runs; the logs live off-heap. */
    public static final String HEAP_MIN = "-Xms1g";
    public static final String HEAP_MAX = "-Xmx1g";

    private BenchFlags()
    {
    }

    /**
     * @return every flag above, for a JVM started by hand (e.g. from an IDE) or a report.
     */
    public static String[] all()
    {
        return new String[]{
            NO_ANALYTICS, NO_DISK_MONITOR, AGRONA_MISC, EXPORT_REF, EXPORT_NIO_CH, EXPORT_MISC, EXPORT_JAVAC_FILE,
            OPEN_JAVAC, OPEN_LANG, OPEN_REFLECT, OPEN_IO, OPEN_UTIL, OPEN_NIO, OPEN_NIO_CH, HEAP_MIN, HEAP_MAX};
    }

    /**
     * Sets the Chronicle system properties in this JVM. Call before any Chronicle class loads: Chronicle reads
     * them in static initialisers.
     */
    public static void applySystemProperties()
    {
        System.setProperty(ANALYTICS_PROPERTY, "true");
        System.setProperty(DISK_MONITOR_PROPERTY, "true");
    }
}
