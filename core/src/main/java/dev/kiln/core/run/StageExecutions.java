package dev.kiln.core.run;

import dev.kiln.core.plan.Stage;
import java.util.List;
import java.util.Map;

/**
 * The executions of one stage as recorded before its job is built: each step's execution id, the URIs
 * its outputs will be committed to, and where each of its inputs comes from. The compiler writes to
 * these URIs, the commit watcher polls them, and the recorder settles the executions from them.
 *
 * @param ids step to the id of its RUNNING execution, in the stage's (topological) order
 * @param outputUris step to output port to the artifact URI the step commits to
 * @param inputs step to the sources of its input ports
 */
record StageExecutions(Stage stage, String backend, Map<String, Long> ids, Map<String, Map<String, String>> outputUris,
    Map<String, StepInputs> inputs) {

  List<String> steps() {
    return stage.steps();
  }

  long id(String step) {
    return ids.get(step);
  }
}
