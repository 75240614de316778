package dev.sluice.log;

/**
 * What a JVM running Sluice must allow, checked when a log is first opened so that a missing flag is a message
 * that names it, not an {@link IllegalAccessError} from deep inside Agrona. Agrona 2.x reads
 * {@code jdk.internal.misc.Unsafe}, which {@code java.base} exports only when told.
 */
public final class JvmRequirements
{
    /** The flag every JVM running Sluice needs. */
    public static final String AGRONA_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static volatile boolean checked;

    private JvmRequirements()
    {
    }

    /**
     * @throws IllegalStateException naming the flag and where to put it, when this JVM lacks it.
     */
    public static void check()
    {
        if (checked)
        {
            return;
        }
        final Module agrona = org.agrona.DirectBuffer.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", agrona))
        {
            throw new IllegalStateException("this JVM was started without " + AGRONA_FLAG + ", which Sluice needs" +
                " (Agrona 2.x reads jdk.internal.misc.Unsafe): add it to the java command line, to Surefire's or" +
                " Failsafe's argLine for tests, to the IDE's run configuration, or add 'Add-Exports:" +
                " java.base/jdk.internal.misc' to the manifest of an executable jar");
        }
        checked = true;
    }
}
