/** The Kiln annotation processor: {@code @Model} classes in, {@code Kiln<Model>} classes out. */
package dev.kiln.processor;
