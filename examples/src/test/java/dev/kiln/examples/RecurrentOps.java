package dev.kiln.examples;

import dev.kiln.Forward;
import dev.kiln.Layer;
import dev.kiln.Model;
import dev.kiln.Shape;
import dev.kiln.nn.GRU;
import dev.kiln.nn.LSTM;
import dev.kiln.nn.Linear;
import dev.kiln.nn.LstmOutput;
import dev.kiln.nn.Module;
import dev.kiln.nn.RnnOutput;
import dev.kiln.tensor.Tensor;

/**
 * Recurrent layers in a compiled model: an LSTM's record kept in a local and two of its parts
 * used (so the cell state gets a gradient too), a bidirectional GRU on time-major input, the last
 * time step selected.
 */
@Model
public abstract class RecurrentOps extends Module {
  @Layer final LSTM lstm = new LSTM(4, 6, 2).batchFirst(true);
  @Layer final GRU gru = new GRU(6, 5).bidirectional(true);
  @Layer final Linear head = new Linear(10, 3);

  @Forward
  public Tensor forward(@Shape("B, 5, 4") Tensor x) {
    LstmOutput o = lstm.apply(x);
    RnnOutput g = gru.apply(o.output().transpose(0, 1));
    Tensor last = g.output().select(0, -1);
    return head.apply(last).add(o.cN().sum(0, false).narrow(1, 0, 3));
  }
}
