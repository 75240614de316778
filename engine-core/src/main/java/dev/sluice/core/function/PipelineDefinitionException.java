package dev.sluice.core.function;

/**
 * A pipeline definition that cannot run, found when it is built or when a job is created from it. The message
 * names the offending value and the fix.
 */
public class PipelineDefinitionException extends IllegalArgumentException
{
    public PipelineDefinitionException(final String message)
    {
        super(message);
    }
}
