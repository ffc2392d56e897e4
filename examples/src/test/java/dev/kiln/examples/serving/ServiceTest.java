package dev.kiln.examples.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.DataSource;
import dev.kiln.nn.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classifier service under a small bounded load on the loopback address: every answer equals
 * the single-threaded forward, and each bad request gets its 4xx status and message.
 */
class ServiceTest {

  @Test
  void concurrentClientsGetExactAnswersAndBadRequestsGet4xx() throws Exception {
    Rng.manualSeed(31);
    LoadTest.Report r = LoadTest.run(MnistClassifier.create(), DataSource.choose(null).test(),
        4, 200, 3, 4);
    assertEquals(0, r.wrong(), "answers that differ from the single-threaded forward");
    List<BadRequests.Outcome> bad = r.badRequests();
    assertEquals(List.of(400, 400, 400, 400, 400, 413, 413, 405, 404),
        bad.stream().map(BadRequests.Outcome::status).toList(), bad.toString());
    assertEquals("image 0 has 100 values; expected 784 numbers (28x28 grey levels)",
        bad.get(1).message());
    assertEquals("image 0, value 0 is STRING \"white\"; expected a number", bad.get(2).message());
    assertEquals("expected a JSON object {\"images\": [[784 numbers], ...]}", bad.get(3).message());
    assertEquals("\"images\" is empty: send at least one image", bad.get(4).message());
    assertEquals("257 images in one request; at most 256", bad.get(5).message());
    assertEquals("body of 5242880 bytes; at most 4194304", bad.get(6).message());
    assertEquals("use POST with a JSON body {\"images\": [[784 numbers]]}", bad.get(7).message());
    assertEquals("not found: POST /predict or GET /health", bad.get(8).message());
  }
}
