/** The device-independent kernel interface and buffers; implementations live in sub-packages. */
package dev.kiln.backend;
