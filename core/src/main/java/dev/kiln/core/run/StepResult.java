package dev.kiln.core.run;

import dev.kiln.core.plan.StepPlan;

/**
 * How one step of a stage ended, for the orchestrator's next planning round.
 *
 * @param settled the step's plan with its recorded outputs (complete steps only), else null
 * @param error why the step failed, else null
 * @param badInput the failure was caused by the user's input
 */
record StepResult(String step, long executionId, boolean complete, StepPlan settled, String error, boolean badInput) {}
