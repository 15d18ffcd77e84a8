package org.apache.beam.runners.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.flink.api.common.Plan;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.optimizer.DataStatistics;
import org.apache.flink.optimizer.Optimizer;
import org.apache.flink.optimizer.costs.DefaultCostEstimator;
import org.apache.flink.optimizer.plan.OptimizedPlan;
import org.apache.flink.optimizer.plantranslate.JobGraphGenerator;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;

/**
 * The Flink job graph the classic FlinkRunner builds for a batch pipeline, without running it: which
 * operators Flink chains into one task (rows handed over as objects) and which edges between tasks
 * serialize every row. Lives in Beam's package because the translation entry point is package-private.
 */
public final class FlinkJobGraphs {
  private FlinkJobGraphs() {}

  /** One task of the job graph: its name lists its chained operators, joined by " -> ". */
  public record Task(String name, List<String> inputsFrom) {
    /** Whether an operator whose name contains {@code part} runs in this task. */
    public boolean runs(String part) {
      return name.contains(part);
    }
  }

  /** The tasks of {@code pipeline}'s batch job graph, translated and optimized as FlinkRunner would. */
  public static List<Task> tasks(Pipeline pipeline) {
    FlinkPipelineOptions options = pipeline.getOptions().as(FlinkPipelineOptions.class);
    FlinkPipelineExecutionEnvironment env = new FlinkPipelineExecutionEnvironment(options);
    env.translate(pipeline);
    Plan plan = env.getBatchExecutionEnvironment().createProgramPlan(options.getJobName());
    OptimizedPlan optimized = new Optimizer(new DataStatistics(), new DefaultCostEstimator(), new Configuration())
        .compile(plan);
    JobGraph graph = new JobGraphGenerator().compileJobGraph(optimized);
    List<Task> tasks = new ArrayList<>();
    for (JobVertex vertex : graph.getVertices()) {
      List<String> from = new ArrayList<>();
      for (JobEdge edge : vertex.getInputs()) {
        from.add(edge.getSource().getProducer().getName());
      }
      tasks.add(new Task(vertex.getName(), from));
    }
    return tasks;
  }
}
