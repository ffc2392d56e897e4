package dev.kiln.io;

/**
 * One entry of a zip archive's central directory, checked against its local header.
 *
 * @param method 0 (stored) or 8 (deflated)
 * @param dataOffset where the entry's (compressed) bytes start in the archive
 */
record ZipEntry(String name, int method, int crc, long compressedSize, long size,
    long localOffset, long dataOffset) {
  long end() {
    return dataOffset + compressedSize;
  }
}
