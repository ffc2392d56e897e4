/** Diagnostics: stable codes and a reporter that places each error on its line. */
package dev.kiln.processor.diag;
