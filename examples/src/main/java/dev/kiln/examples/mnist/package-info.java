/** The flagship: the tutorials' MNIST classifier trained on Fashion-MNIST, and inference. */
package dev.kiln.examples.mnist;
