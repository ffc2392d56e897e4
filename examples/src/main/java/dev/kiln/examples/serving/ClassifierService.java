package dev.kiln.examples.serving;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.examples.MnistClassifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP service classifying Fashion-MNIST images with one shared {@link MnistClassifier}:
 * {@code POST /predict} ({@link PredictHandler}) and {@code GET /health}, on the JDK's
 * {@code HttpServer} with a fixed pool of request threads, bound to the loopback address.
 */
public final class ClassifierService implements AutoCloseable {
  static {
    // TCP_NODELAY on the server's sockets: the JDK's server writes the status line and the body
    // separately, and with Nagle's algorithm the client's delayed ACK held each answer ~40 ms
    // (LoadTest, 8 clients on a loaded host: p50 48 ms without, 10 ms with; read once, when the
    // first server is created)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;

  private ClassifierService(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts serving {@code model} on 127.0.0.1:{@code port} (0: any free port). */
  public static ClassifierService start(MnistClassifier model, int port, int threadCount)
      throws IOException {
    model.eval();
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/predict", new PredictHandler(model));
    server.createContext("/health", exchange -> {
      try (exchange) {
        int status = exchange.getRequestURI().getPath().equals("/health") ? 200 : 404;
        byte[] body = (status == 200 ? "ok\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = "{\"error\": \"not found: POST /predict or GET /health\"}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    ExecutorService threads = Executors.newFixedThreadPool(threadCount);
    server.setExecutor(threads);
    server.start();
    return new ClassifierService(server, threads);
  }

  /** The port the service listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and waits up to 10 s for the running ones. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdown();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
