package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** WorkerPool: parts on the workers, or all on the caller while another caller has them. */
class WorkerPoolTest {

  @Test
  void partsRunOnTheWorkers() {
    String[] ran = new String[3];
    WorkerPool.run(3, part -> ran[part] = Thread.currentThread().getName());
    assertEquals(Thread.currentThread().getName(), ran[0]);
    assertEquals("kiln-cpu-1", ran[1]);
    assertEquals("kiln-cpu-2", ran[2]);
  }

  @Test
  void aSecondCallerRunsEveryPartItselfWhileTheWorkersAreBusy() throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first = new Thread(() -> WorkerPool.run(2, part -> {
      if (part == 0) {
        holding.countDown();
        try {
          release.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }), "first-caller");
    first.start();
    assertTrue(holding.await(1, TimeUnit.MINUTES));
    String[] ran = new String[3];
    WorkerPool.run(3, part -> ran[part] = Thread.currentThread().getName());
    release.countDown();
    first.join();
    String me = Thread.currentThread().getName();
    assertArrayEquals(new String[] {me, me, me}, ran);
    assertNotEquals("first-caller", me);
  }
}
