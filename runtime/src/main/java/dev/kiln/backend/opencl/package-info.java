/**
 * The OpenCL backend, through LWJGL: library loading and device discovery ({@link
 * dev.kiln.backend.opencl.OpenCl}), devices with their context and queue ({@code ClDevice}),
 * buffers owned by tensors ({@code ClBuffer}), a program cache that builds each kernel family
 * once per device ({@code ClPrograms}), and the kernels ({@code ClKernels}, sources under
 * {@code resources/dev/kiln/backend/opencl/*.cl}). The only package that imports {@code
 * org.lwjgl}.
 */
package dev.kiln.backend.opencl;
