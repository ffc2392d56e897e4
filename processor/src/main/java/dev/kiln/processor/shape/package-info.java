/** Shape inference and validation: symbolic shapes of every value, proofs, lowering to IR. */
package dev.kiln.processor.shape;
