package dev.kiln.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark session for all tests of this JVM: {@code local[2,2]}, two task threads (as two
 * executor cores) and two attempts per task, so a task failed on purpose is retried.
 */
final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2,2]")
          .appName("kiln-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
