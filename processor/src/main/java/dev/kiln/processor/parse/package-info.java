/** Parsing: reads a {@code @Model} class through the {@code com.sun.source} trees. */
package dev.kiln.processor.parse;
