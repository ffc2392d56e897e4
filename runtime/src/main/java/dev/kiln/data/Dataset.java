package dev.kiln.data;

/** Indexable samples, as {@code torch.utils.data.Dataset}. */
public interface Dataset<T> {
  /** The number of samples. */
  int size();

  /** Sample {@code index}, {@code 0 <= index < size()}. */
  T get(int index);
}
