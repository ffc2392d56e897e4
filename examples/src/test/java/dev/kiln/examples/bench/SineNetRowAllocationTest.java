package dev.kiln.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * CpuBench's SineNet row, as it runs there: after one warm-up run, a run of 5000 steps allocates
 * only its new model and optimizer (about 390 KB). A vector-typed helper in tanh that C2 declined
 * to inline in this compilation (NodeCountInliningCutoff) boxed 3 GB a run here, while a plain
 * training-step loop did not show it.
 */
class SineNetRowAllocationTest {
  @Test
  void aRunAllocatesOnlyItsModel() {
    Measure m = Measure.of(Workloads.sineNetTraining(), 1, 2);
    assertTrue(m.bytesPerCall() < 1_000_000, m.bytesPerCall() + " bytes a run");
  }
}
