package dev.kiln.io;

import dev.kiln.nn.Module;
import dev.kiln.nn.Rng;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to resume training, in one safetensors file, as PyTorch's recipe {@code
 * torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": ...})}:
 * tensors {@code model.<key>} ({@code stateDict()} keys) and {@code optimizer.<index>.<name>}
 * ({@link Optimizer#state()}: {@code optimizer.0.exp_avg}, {@code optimizer.0.step}, ...), and
 * in {@code __metadata__} the epoch, the step, the {@link Rng#state()}, the optimizer's class,
 * learning rate and parameter groups ({@link Optimizer#paramGroupsState()} as {@code
 * optimizer.param_groups.<key>}: each group's size, lr and other options), and optionally an lr scheduler's {@code state()} as {@code scheduler.<key>}
 * entries (decimal doubles, exact). Saving is atomic ({@link SafeTensors#save}).
 *
 * <pre>{@code
 * Checkpoint.save(path, model, opt, epoch, step);
 * // in a fresh JVM, after building the model and optimizer the same way:
 * Checkpoint c = Checkpoint.load(path);
 * c.restore(model, opt);             // weights, optimizer state and groups' options, Rng state
 * sched.loadState(c.schedulerState()); // with a scheduler saved: its state, and the exact lr
 * loader.setEpoch((int) c.epoch());  // then skip c.step() - c.epoch() * numBatches batches
 * }</pre>
 */
public final class Checkpoint {
  private final Map<String, Tensor> model = new LinkedHashMap<>();
  private final Map<String, Tensor> optimizer = new LinkedHashMap<>();
  private final Map<String, Double> scheduler;
  private final Map<String, Double> paramGroups;
  private final CheckpointInfo info;

  private Checkpoint(Map<String, Tensor> tensors, CheckpointInfo info,
      Map<String, Double> scheduler, Map<String, Double> paramGroups, String source)
      throws SafeTensorsException {
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(CheckpointInfo.MODEL)) {
        model.put(k.substring(CheckpointInfo.MODEL.length()), e.getValue());
      } else if (k.startsWith(CheckpointInfo.OPTIMIZER)) {
        optimizer.put(k.substring(CheckpointInfo.OPTIMIZER.length()), e.getValue());
      } else {
        throw Header.fail(source, "tensor '" + k + "' is neither model.* nor optimizer.*");
      }
    }
    this.info = info;
    this.scheduler = scheduler;
    this.paramGroups = paramGroups;
  }

  /** Saves {@code model}'s weights, {@code optimizer}'s state and lr, the counters, Rng's state. */
  public static void save(Path path, Module model, Optimizer optimizer, long epoch, long step)
      throws IOException {
    save(path, model, optimizer, Map.of(), epoch, step);
  }

  /**
   * As {@link #save(Path, Module, Optimizer, long, long)}, with a scheduler's {@code state()}
   * (e.g. {@code LrScheduler.state()}, {@code ReduceLROnPlateau.state()}).
   */
  public static void save(Path path, Module model, Optimizer optimizer,
      Map<String, Double> schedulerState, long epoch, long step) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((k, t) -> tensors.put(CheckpointInfo.MODEL + k, t));
    optimizer.state().forEach((k, t) -> tensors.put(CheckpointInfo.OPTIMIZER + k, t));
    CheckpointInfo info = new CheckpointInfo(epoch, step, Rng.state(),
        optimizer.getClass().getSimpleName(), optimizer.lr());
    Map<String, String> metadata = info.toMetadata(optimizer.toString());
    optimizer.paramGroupsState().forEach(
        (k, v) -> metadata.put(CheckpointInfo.PARAM_GROUPS + k, v.toString()));
    schedulerState.forEach((k, v) -> metadata.put(CheckpointInfo.SCHEDULER + k, v.toString()));
    SafeTensors.save(tensors, metadata, path);
  }

  /**
   * Reads a checkpoint (nothing is restored yet).
   *
   * @throws SafeTensorsException if the file is malformed or not a Kiln checkpoint
   */
  public static Checkpoint load(Path path) throws IOException {
    SafeTensorsFile file = SafeTensors.read(path);
    CheckpointInfo info = CheckpointInfo.parse(file.metadata(), path.toString());
    return new Checkpoint(SafeTensors.toTensors(file, path.toString()), info,
        CheckpointInfo.schedulerState(file.metadata(), path.toString()),
        CheckpointInfo.paramGroups(file.metadata(), path.toString()), path.toString());
  }

  /**
   * Restores the weights into {@code model}, the state and every group's options (lr included)
   * into {@code optimizer} (which must be of the saved class, over {@code model}'s parameters in
   * the same order and groups), and the Rng's state. A checkpoint written before groups were
   * saved sets every group's lr to the saved one. All or nothing: if any part does not fit, the exception lists what, and the
   * model, the optimizer and the Rng are unchanged.
   */
  public void restore(Module model, Optimizer optimizer) {
    String type = optimizer.getClass().getSimpleName();
    if (!type.equals(info.optimizer())) {
      throw new IllegalArgumentException("the checkpoint holds " + info.optimizer()
          + " state but the optimizer is " + type + " (nothing was restored)");
    }
    Map<String, Tensor> before = new LinkedHashMap<>();
    model.stateDict().forEach((k, t) -> before.put(k, t.detach()));
    model.loadStateDict(this.model);
    try {
      if (paramGroups.isEmpty()) {
        optimizer.loadState(this.optimizer);
      } else {
        optimizer.loadState(this.optimizer, paramGroups);
      }
    } catch (RuntimeException e) {
      model.loadStateDict(before);
      throw e;
    }
    if (paramGroups.isEmpty()) {
      optimizer.setLr(info.lr());
    }
    Rng.setState(info.rngState());
  }

  /** The epoch to continue with. */
  public long epoch() {
    return info.epoch();
  }

  /** The number of optimizer steps taken. */
  public long step() {
    return info.step();
  }

  /** The saved {@link Rng#state()}. */
  public long rngState() {
    return info.rngState();
  }

  /** The model's state dict, by {@code stateDict()} key. */
  public Map<String, Tensor> modelState() {
    return Collections.unmodifiableMap(model);
  }

  /** The saved scheduler state (empty if none was saved), for the scheduler's loadState. */
  public Map<String, Double> schedulerState() {
    return Collections.unmodifiableMap(scheduler);
  }

  /** The optimizer's state, by {@link Optimizer#state()} key. */
  public Map<String, Tensor> optimizerState() {
    return Collections.unmodifiableMap(optimizer);
  }
}
