package dev.kiln.export;

/**
 * An input of a compiled model's forward: its parameter name and its {@code @Shape}, with
 * {@code -1} in {@code sizes} where {@code symbols} names the size ({@code B}), known only at
 * run time.
 */
public record GraphInput(String name, long[] sizes, String[] symbols) {}
