package org.qhinguard.policy.domain;

import java.util.Optional;
import org.qhinguard.common.policy.ParticipantStatus;

/** The status transitions an administrator may make. Revocation is final. */
public enum StatusAction {
  SUSPEND(ChangeKind.SUSPENDED, ParticipantStatus.SUSPENDED),
  REACTIVATE(ChangeKind.REACTIVATED, ParticipantStatus.ACTIVE),
  REVOKE(ChangeKind.REVOKED, ParticipantStatus.REVOKED);

  private final ChangeKind change;
  private final ParticipantStatus target;

  StatusAction(ChangeKind change, ParticipantStatus target) {
    this.change = change;
    this.target = target;
  }

  public ChangeKind change() {
    return change;
  }

  /** The status after this action, or empty when the action is not possible from {@code from}. */
  public Optional<ParticipantStatus> apply(ParticipantStatus from) {
    boolean allowed =
        switch (this) {
          case SUSPEND -> from == ParticipantStatus.ACTIVE;
          case REACTIVATE -> from == ParticipantStatus.SUSPENDED;
          case REVOKE -> from != ParticipantStatus.REVOKED;
        };
    return allowed ? Optional.of(target) : Optional.empty();
  }
}
