package dev.sluice.core.runtime;

import dev.sluice.core.Emitter;

/**
 * A stateless stage definition (map, filter, flatMap) that links into a push-based chain: given the next stage
 * it returns the emitter the previous stage pushes into. Links are made once per job, so the chain holds no
 * per-event objects.
 */
@FunctionalInterface
public interface Stage
{
    /**
     * @param downstream the next stage.
     * @return this stage, pushing into {@code downstream}.
     */
    Emitter<Object> link(Emitter<Object> downstream);
}
