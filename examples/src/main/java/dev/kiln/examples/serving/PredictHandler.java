package dev.kiln.examples.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kiln.data.Mnist;
import dev.kiln.examples.MnistClassifier;
import dev.kiln.tensor.GradMode;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /predict}: classifies the images of an {@link ImageRequest} with one model shared
 * by every server thread (each thread gets its own plan buffers; see the README's Serving
 * section) and answers {@code {"predictions": [{"label": 9, "class": "Ankle boot", "logits":
 * [...]}, ...]}}. Bad requests get a 4xx status and {@code {"error": "..."}}.
 */
final class PredictHandler implements HttpHandler {
  /** The largest body read: 256 images of 784 numbers written with full precision. */
  static final int MAX_BODY = 4 << 20;
  private final MnistClassifier model;
  private final ObjectMapper json = new ObjectMapper();

  PredictHandler(MnistClassifier model) {
    this.model = model;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        if (!exchange.getRequestMethod().equals("POST")) {
          exchange.getResponseHeaders().set("Allow", "POST");
          throw new BadRequest(405, "use POST with a JSON body {\"images\": [[784 numbers]]}");
        }
        byte[] body = read(exchange);
        float[] pixels = ImageRequest.parse(json, body);
        respond(exchange, 200, predictions(pixels));
      } catch (BadRequest e) {
        respond(exchange, e.status, json.createObjectNode().put("error", e.getMessage()));
      } catch (RuntimeException e) {
        respond(exchange, 500, json.createObjectNode().put("error", "internal error: " + e));
      }
    }
  }

  private ObjectNode predictions(float[] pixels) {
    int n = pixels.length / ImageRequest.PIXELS;
    Tensor x = Tensor.of(pixels, n, 1, 28, 28);
    // the output is this thread's plan buffer: read it before this thread's next forward
    float[] logits = GradMode.noGrad(() -> model.forward(x)).toFloatArray();
    ObjectNode root = json.createObjectNode();
    ArrayNode out = root.putArray("predictions");
    for (int i = 0; i < n; i++) {
      int best = 0;
      ArrayNode row = json.createArrayNode();
      for (int c = 0; c < 10; c++) {
        float v = logits[i * 10 + c];
        best = v > logits[i * 10 + best] ? c : best;
        row.add(v);
      }
      out.addObject().put("label", best).put("class", Mnist.FASHION_CLASSES[best])
          .set("logits", row);
    }
    return root;
  }

  private static byte[] read(HttpExchange exchange) throws IOException, BadRequest {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY) {
      throw new BadRequest(413, "body of " + length + " bytes; at most " + MAX_BODY);
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new BadRequest(413, "body over " + MAX_BODY + " bytes");
      }
      return body;
    }
  }

  private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
