package dev.kiln.examples.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The malformed requests a load test sends, and what the service answered to each. */
final class BadRequests {
  /** A bad request's name, the status it got and the error message. */
  record Outcome(String name, int status, String message) {}

  private BadRequests() {}

  /** A JSON body with {@code batch} images of 784 values from {@code pixels}. */
  static String body(float[] pixels, int batch) {
    StringBuilder b = new StringBuilder("{\"images\": [");
    for (int i = 0; i < batch; i++) {
      b.append(i > 0 ? ", [" : "[");
      for (int p = 0; p < ImageRequest.PIXELS; p++) {
        b.append(p > 0 ? "," : "").append(pixels[i * ImageRequest.PIXELS + p]);
      }
      b.append(']');
    }
    return b.append("]}").toString();
  }

  static List<Outcome> tryAll(int port) throws IOException, InterruptedException {
    String url = "http://127.0.0.1:" + port;
    String zeros = body(new float[ImageRequest.PIXELS], 1);
    List<Outcome> out = new ArrayList<>();
    out.add(post(url + "/predict", "malformed JSON", zeros.substring(0, 100)));
    out.add(post(url + "/predict", "wrong size (100 values)",
        "{\"images\": [[" + "0,".repeat(99) + "0]]}"));
    out.add(post(url + "/predict", "wrong type (a string pixel)",
        zeros.replaceFirst("0\\.0", "\"white\"")));
    out.add(post(url + "/predict", "not an object", "[1, 2, 3]"));
    out.add(post(url + "/predict", "no images", "{\"images\": []}"));
    out.add(post(url + "/predict", "too many images (257)",
        body(new float[257 * ImageRequest.PIXELS], 257)));
    out.add(post(url + "/predict", "oversize body (5 MB)", " ".repeat(5 << 20)));
    out.add(send(HttpRequest.newBuilder(URI.create(url + "/predict")).GET(), "GET /predict"));
    out.add(post(url + "/nothing", "unknown path", zeros));
    return out;
  }

  private static Outcome post(String url, String name, String body)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body)), name);
  }

  private static Outcome send(HttpRequest.Builder request, String name)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String message = new ObjectMapper().readTree(r.body()).path("error").asText();
    return new Outcome(name, r.statusCode(), message.length() > 120
        ? message.substring(0, 117) + "..." : message);
  }
}
