/** The immutable intermediate representation between shape checking and code generation. */
package dev.kiln.processor.ir;
