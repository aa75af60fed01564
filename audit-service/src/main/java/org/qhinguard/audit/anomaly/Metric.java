package org.qhinguard.audit.anomaly;

/** What the detector learns per participant, client and resource type, per window. */
public enum Metric {
  REQUEST_RATE("requests"),
  DISTINCT_PATIENTS("distinct patients"),
  RETURNED_VOLUME("returned resources");

  private final String words;

  Metric(String words) {
    this.words = words;
  }

  public String words() {
    return words;
  }
}
