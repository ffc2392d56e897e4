package dev.kiln.examples.serving;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.data.TensorDataset;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.examples.mnist.DataSource;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A bounded load test of {@link ClassifierService} on the loopback address: {@code clients}
 * threads send {@code requests} requests in all, each of {@code batch} real Fashion-MNIST test
 * images, and every answer is checked against the single-threaded forward of the same images
 * (labels and logits bit for bit). Then the bad requests of {@link BadRequests}. Options:
 * {@code --clients N --requests N --batch N --threads N --weights PATH}.
 */
public final class LoadTest {
  /** What a run measured. */
  public record Report(int clients, int requests, int batch, double seconds, double p50Millis,
      double p99Millis, int wrong, List<BadRequests.Outcome> badRequests) {
    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private LoadTest() {}

  public static void main(String[] args) throws Exception {
    int clients = 8;
    int requests = 4000;
    int batch = 1;
    int threads = 8;
    Path weights = Path.of("kiln-output", "mnist-classifier.safetensors");
    for (int i = 0; i + 1 < args.length; i += 2) {
      int v = args[i].equals("--weights") ? 0 : Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--clients" -> clients = v;
        case "--requests" -> requests = v;
        case "--batch" -> batch = v;
        case "--threads" -> threads = v;
        case "--weights" -> weights = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    MnistClassifier model = Files.exists(weights) ? ServeMnist.load(weights)
        : MnistClassifier.create();
    System.out.println("weights: " + (Files.exists(weights) ? weights.toAbsolutePath()
        : "none found at " + weights + ", so freshly initialised ones"));
    Report r = run(model, DataSource.choose(null).test(), clients, requests, batch, threads);
    System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.0f req/s (%.0f images/s) | %.2f ms |"
        + " %.2f ms | %d |%n", clients, threads, requests, batch, r.requestsPerSecond(),
        r.requestsPerSecond() * batch, r.p50Millis(), r.p99Millis(), r.wrong());
    for (BadRequests.Outcome o : r.badRequests()) {
      System.out.println("| " + o.name() + " | " + o.status() + " | " + o.message() + " |");
    }
  }

  /** Starts the service on a free port, runs the load and the bad requests, stops it. */
  public static Report run(MnistClassifier model, TensorDataset images, int clients,
      int requests, int batch, int threads) throws Exception {
    model.eval();
    int distinct = Math.min(64, images.size() / batch);
    String[] bodies = new String[distinct];
    float[][] expected = new float[distinct][];
    for (int r = 0; r < distinct; r++) {
      float[] pixels = Arrays.copyOfRange(images.tensors()[0].toFloatArray(),
          r * batch * ImageRequest.PIXELS, (r + 1) * batch * ImageRequest.PIXELS);
      Tensor x = Tensor.of(pixels, batch, 1, 28, 28);
      expected[r] = GradMode.noGrad(() -> model.forward(x)).toFloatArray();
      bodies[r] = BadRequests.body(pixels, batch);
    }
    try (ClassifierService service = ClassifierService.start(model, 0, threads)) {
      URI uri = URI.create("http://127.0.0.1:" + service.port() + "/predict");
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<long[]>> done = new ArrayList<>();
      int[] wrong = new int[clients];
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        int client = c;
        int count = requests / clients + (c < requests % clients ? 1 : 0);
        done.add(pool.submit(() -> {
          HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          ObjectMapper json = new ObjectMapper()
              .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
          long[] latencies = new long[count];
          for (int i = 0; i < count; i++) {
            int which = (client * 31 + i) % distinct;
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(bodies[which])).build(),
                HttpResponse.BodyHandlers.ofString());
            latencies[i] = System.nanoTime() - t0;
            if (response.statusCode() != 200
                || !matches(json.readTree(response.body()), expected[which])) {
              wrong[client]++;
            }
          }
          return latencies;
        }));
      }
      long[] all = new long[0];
      for (Future<long[]> f : done) {
        long[] l = f.get(10, TimeUnit.MINUTES);
        int at = all.length;
        all = Arrays.copyOf(all, at + l.length);
        System.arraycopy(l, 0, all, at, l.length);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      Arrays.sort(all);
      return new Report(clients, requests, batch, seconds, all[all.length / 2] / 1e6,
          all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6,
          Arrays.stream(wrong).sum(), BadRequests.tryAll(service.port()));
    }
  }

  /** True when the answer's labels and logits are exactly the expected logits' ones. */
  static boolean matches(JsonNode answer, float[] logits) {
    JsonNode predictions = answer.get("predictions");
    if (predictions == null || predictions.size() * 10 != logits.length) {
      return false;
    }
    for (int i = 0; i < predictions.size(); i++) {
      JsonNode p = predictions.get(i);
      int best = 0;
      for (int c = 0; c < 10; c++) {
        float v = Float.parseFloat(p.get("logits").get(c).decimalValue().toString());
        if (Float.floatToIntBits(v) != Float.floatToIntBits(logits[i * 10 + c])) {
          return false;
        }
        best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
      }
      if (p.get("label").asInt() != best) {
        return false;
      }
    }
    return true;
  }
}
