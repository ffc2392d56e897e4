package dev.kiln.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.BarrierTaskContext;

/**
 * The default exchange: Spark's barrier stage gang-schedules the workers and one
 * {@code allGather} tells them worker 0's address (as Horovod and TorchDistributor use Spark);
 * then every step each worker sends its gradient to worker 0 over a TCP connection, worker 0
 * averages them in rank order and sends the one result back to all. A worker that dies closes
 * its connection, which fails the others' steps and so the stage, which Spark then retries.
 */
final class SocketExchange implements Exchange {
  private static final int TIMEOUT_MS = 600_000;
  private final int rank;
  private final int length;
  private final Socket[] peers;
  private final DataInputStream[] ins;
  private final DataOutputStream[] outs;
  private final byte[] buf;

  private SocketExchange(int rank, int length, Socket[] peers) throws IOException {
    this.rank = rank;
    this.length = length;
    this.peers = peers;
    this.ins = new DataInputStream[peers.length];
    this.outs = new DataOutputStream[peers.length];
    for (int k = 0; k < peers.length; k++) {
      if (peers[k] != null) {
        peers[k].setSoTimeout(TIMEOUT_MS);
        peers[k].setTcpNoDelay(true);
        ins[k] = new DataInputStream(new BufferedInputStream(peers[k].getInputStream(), 1 << 16));
        outs[k] = new DataOutputStream(new BufferedOutputStream(peers[k].getOutputStream(), 1 << 16));
      }
    }
    this.buf = new byte[4 * length];
  }

  /** Connects the workers of this barrier stage: every worker calls it once, at the start. */
  static SocketExchange open(BarrierTaskContext ctx, int length) {
    int rank = ctx.partitionId();
    int workers = ctx.getTaskInfos().length;
    try {
      ServerSocket server = null;
      String address = "";
      if (rank == 0) {
        String host = hostOf(ctx.getTaskInfos()[0].address());
        server = new ServerSocket();
        server.bind(new InetSocketAddress(host, 0), workers);
        server.setSoTimeout(TIMEOUT_MS);
        address = host + ":" + server.getLocalPort();
      }
      String[] all = ctx.allGather(address);
      Socket[] peers = new Socket[workers];
      if (rank == 0) {
        try (ServerSocket s = server) {
          for (int i = 1; i < workers; i++) {
            Socket c = s.accept();
            int k = new DataInputStream(c.getInputStream()).readInt();
            peers[k] = c;
          }
        }
      } else {
        String[] hp = all[0].split(":");
        Socket c = new Socket(hp[0], Integer.parseInt(hp[1]));
        new DataOutputStream(c.getOutputStream()).writeInt(rank);
        peers[0] = c;
      }
      return new SocketExchange(rank, length, peers);
    } catch (IOException e) {
      throw new UncheckedIOException("data-parallel worker " + rank + " could not connect", e);
    }
  }

  /**
   * {@code workers} exchanges connected over loopback in this JVM, element k being worker k's
   * (for tests and timing the exchange without Spark).
   */
  static SocketExchange[] loopback(int workers, int length) throws IOException {
    Socket[][] peers = new Socket[workers][workers];
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0), workers);
      for (int k = 1; k < workers; k++) {
        peers[k][0] = new Socket("127.0.0.1", server.getLocalPort());
        peers[0][k] = server.accept();
      }
    }
    SocketExchange[] all = new SocketExchange[workers];
    for (int k = 0; k < workers; k++) {
      all[k] = new SocketExchange(k, length, peers[k]);
    }
    return all;
  }

  private static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  @Override
  public float[] average(GradientMessage mine, double[] loss) {
    try {
      return rank == 0 ? reduce(mine, loss) : send(mine, loss);
    } catch (IOException e) {
      throw new UncheckedIOException("data-parallel worker " + rank + ": exchange failed", e);
    }
  }

  private float[] reduce(GradientMessage mine, double[] loss) throws IOException {
    GradientMessage[] all = new GradientMessage[peers.length];
    all[0] = mine;
    for (int k = 1; k < peers.length; k++) {
      int rows = ins[k].readInt();
      float l = ins[k].readFloat();
      all[k] = new GradientMessage(rows, l, readFloats(ins[k]));
    }
    float[] avg = GradientMessage.average(all, length);
    loss[0] = GradientMessage.loss(all);
    for (int k = 1; k < peers.length; k++) {
      outs[k].writeDouble(loss[0]);
      writeFloats(outs[k], avg);
      outs[k].flush();
    }
    return avg;
  }

  private float[] send(GradientMessage mine, double[] loss) throws IOException {
    outs[0].writeInt(mine.rows());
    outs[0].writeFloat(mine.loss());
    writeFloats(outs[0], mine.gradient());
    outs[0].flush();
    loss[0] = ins[0].readDouble();
    return readFloats(ins[0]);
  }

  private void writeFloats(DataOutputStream out, float[] v) throws IOException {
    ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().put(v);
    out.write(buf);
  }

  private float[] readFloats(DataInputStream in) throws IOException {
    in.readFully(buf);
    float[] v = new float[length];
    ByteBuffer.wrap(buf).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  @Override
  public void close() {
    for (Socket s : peers) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }
}
