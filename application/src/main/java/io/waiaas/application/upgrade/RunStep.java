package io.waiaas.application.upgrade;

import io.waiaas.domain.UpgradeStep;

/**
 * One of steps 2 to 7 of an upgrade, as {@link UpgradeRun} carries it out: journaled before it acts, announced, and
 * rolled back when it throws.
 */
interface RunStep {

    /** Return which of the seven announced steps this is. */
    UpgradeStep step();

    /** Return what the step is about to do, as the operator reads it in {@code [k/7] …}. */
    String describe(UpgradeRun run);

    /** Do the step and return its short result; throw to have the upgrade rolled back. */
    String perform(UpgradeRun run);
}
