/** The tutorials' training loops, line for line: regression, the sine fit, the skip MLP. */
package dev.kiln.examples.train;
