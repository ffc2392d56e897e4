package dev.kiln.examples.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of {@code POST /predict}: {@code {"images": [[784 numbers], ...]}}, each image 28x28
 * grey levels in row order, 0 (black) to 1 (white). Every way it can be wrong is a
 * {@link BadRequest} naming the problem.
 */
final class ImageRequest {
  static final int PIXELS = 28 * 28;
  /** Images in one request at most. */
  static final int MAX_IMAGES = 256;

  private ImageRequest() {}

  /** The images, {@code n * 784} values in order. */
  static float[] parse(ObjectMapper json, byte[] body) throws BadRequest {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BadRequest(400, "unreadable body: " + e.getMessage());
    }
    JsonNode images = root == null ? null : root.get("images");
    if (images == null || !images.isArray()) {
      throw new BadRequest(400, "expected a JSON object {\"images\": [[784 numbers], ...]}");
    }
    int n = images.size();
    if (n == 0) {
      throw new BadRequest(400, "\"images\" is empty: send at least one image");
    }
    if (n > MAX_IMAGES) {
      throw new BadRequest(413, n + " images in one request; at most " + MAX_IMAGES);
    }
    float[] pixels = new float[n * PIXELS];
    for (int i = 0; i < n; i++) {
      JsonNode image = images.get(i);
      if (!image.isArray() || image.size() != PIXELS) {
        throw new BadRequest(400, "image " + i + " has " + (image.isArray() ? image.size()
            + " values" : "type " + image.getNodeType()) + "; expected " + PIXELS
            + " numbers (28x28 grey levels)");
      }
      for (int p = 0; p < PIXELS; p++) {
        JsonNode v = image.get(p);
        if (!v.isNumber()) {
          throw new BadRequest(400, "image " + i + ", value " + p + " is " + v.getNodeType()
              + " " + v + "; expected a number");
        }
        pixels[i * PIXELS + p] = v.floatValue();
      }
    }
    return pixels;
  }
}
