/**
 * The annotations a model is written with: {@link dev.kiln.Model}, {@link dev.kiln.Layer},
 * {@link dev.kiln.Forward}, {@link dev.kiln.Shape}, and {@link dev.kiln.ShapeContract} for layers.
 */
package dev.kiln;
