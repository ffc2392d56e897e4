/** Symbolic sizes: normalised dimension polynomials, shapes and shape patterns. */
package dev.kiln.processor.dims;
