/** Run-time support called by the code Kiln generates: plans, plan caches, input checks. */
package dev.kiln.compiled;
