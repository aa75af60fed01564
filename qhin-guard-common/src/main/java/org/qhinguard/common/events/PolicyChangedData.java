package org.qhinguard.common.events;

/**
 * The data of {@code org.qhinguard.policy.changed.v1}: a participant's policy or status changed and
 * now stands at {@code version}. Caches of older versions must be dropped.
 */
public record PolicyChangedData(String participantId, long version, String change) {
  public PolicyChangedData {
    if (participantId == null || participantId.isBlank()) {
      throw new IllegalArgumentException("participantId is required");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive");
    }
  }
}
