/** Code generation: writes {@code Kiln<Model>} from the IR alone, with JavaPoet. */
package dev.kiln.processor.codegen;
