package org.qhinguard.policy.app;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.policy.config.PolicyConfig;
import org.qhinguard.policy.domain.Actor;
import org.qhinguard.policy.domain.ChangeDiff;
import org.qhinguard.policy.domain.ChangeKind;
import org.qhinguard.policy.domain.HistoryEntry;
import org.qhinguard.policy.domain.PageOf;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.PolicyException.FieldError;
import org.qhinguard.policy.domain.PolicyRules;
import org.qhinguard.policy.domain.Registration;
import org.qhinguard.policy.domain.Registration.ClientRegistration;
import org.qhinguard.policy.domain.RegistrationRules;
import org.qhinguard.policy.domain.StatusAction;
import org.qhinguard.policy.domain.Versions;
import org.qhinguard.policy.messaging.Outbox;
import org.qhinguard.policy.store.ParticipantEntity;
import org.qhinguard.policy.store.ParticipantStore;
import org.qhinguard.policy.store.ParticipantVersionEntity;
import org.qhinguard.policy.store.SnapshotJson;

/**
 * Registers participants and changes their registration, trust policy and status. Each change is
 * one transaction: the participant row (locked), its bindings, a new version in the history, and
 * the PolicyChanged and audit events in the outbox commit together or not at all.
 */
@ApplicationScoped
public class ParticipantAdministration {

  static final String SERVICE = "policy-service";

  @Inject ParticipantStore store;
  @Inject Outbox outbox;
  @Inject PolicyConfig config;
  @Inject EntityManager em;

  @Transactional
  public ParticipantSnapshot register(
      String id, Registration registration, TrustPolicy policy, Actor actor) {
    TrustPolicy p = policy == null ? PolicyRules.denyAll() : policy;
    List<FieldError> errors = new ArrayList<>(RegistrationRules.check(registration, c -> false));
    errors.addAll(PolicyRules.check(p, "policy."));
    String qhinId = checkQhin(id, registration, errors);
    if (!errors.isEmpty()) {
      throw PolicyException.invalid(errors);
    }
    if (store.find(id).isPresent()) {
      throw PolicyException.conflict("participant " + id + " already exists", List.of());
    }
    ParticipantSnapshot next =
        snapshot(id, registration, qhinId, ParticipantStatus.ACTIVE, 1, p, Map.of());
    requireFreeBindings(next);
    Instant now = Instant.now();
    store.insert(next, now);
    record(null, next, ChangeKind.CREATED, actor, now);
    return flushed(next);
  }

  @Transactional
  public ParticipantSnapshot replaceRegistration(
      String id, String ifMatch, Registration registration, Actor actor) {
    ParticipantEntity row = lockedForWrite(id, ifMatch);
    ParticipantSnapshot current = SnapshotJson.snapshot(row.snapshot);
    Map<String, String> hashes = new HashMap<>();
    current
        .clients()
        .forEach(
            c -> {
              if (c.secretHash() != null) {
                hashes.put(c.clientId(), c.secretHash());
              }
            });
    List<FieldError> errors =
        new ArrayList<>(RegistrationRules.check(registration, hashes::containsKey));
    String qhinId = checkQhin(id, registration, errors);
    if (!errors.isEmpty()) {
      throw PolicyException.invalid(errors);
    }
    ParticipantSnapshot next =
        snapshot(
            id,
            registration,
            qhinId,
            current.status(),
            current.version() + 1,
            current.policy(),
            hashes);
    requireFreeBindings(next);
    return commit(row, current, next, ChangeKind.REGISTRATION_REPLACED, actor);
  }

  /**
   * Replaces or patches the trust policy: {@code change} turns the current policy into the next (it
   * may throw a {@link PolicyException} for invalid input).
   */
  @Transactional
  public ParticipantSnapshot changePolicy(
      String id, String ifMatch, UnaryOperator<TrustPolicy> change, Actor actor) {
    ParticipantEntity row = lockedForWrite(id, ifMatch);
    ParticipantSnapshot current = SnapshotJson.snapshot(row.snapshot);
    TrustPolicy policy = change.apply(current.policy());
    List<FieldError> errors = PolicyRules.check(policy, "");
    if (!errors.isEmpty()) {
      throw PolicyException.invalid(errors);
    }
    ParticipantSnapshot next = withPolicy(current, policy);
    return commit(row, current, next, ChangeKind.POLICY_CHANGED, actor);
  }

  @Transactional
  public ParticipantSnapshot changeStatus(
      String id, String ifMatch, StatusAction action, Actor actor) {
    ParticipantEntity row = lockedForWrite(id, ifMatch);
    ParticipantSnapshot current = SnapshotJson.snapshot(row.snapshot);
    ParticipantStatus status =
        action
            .apply(current.status())
            .orElseThrow(
                () ->
                    PolicyException.conflict(
                        "cannot "
                            + action.name().toLowerCase()
                            + " a participant that is "
                            + current.status(),
                        List.of()));
    ParticipantSnapshot next =
        new ParticipantSnapshot(
            current.participantId(),
            current.displayName(),
            current.kind(),
            current.qhinId(),
            status,
            current.version() + 1,
            current.issuers(),
            current.audiences(),
            current.clients(),
            current.policy());
    return commit(row, current, next, action.change(), actor);
  }

  public ParticipantSnapshot get(String id) {
    return store.snapshot(id).orElseThrow(() -> unknown(id));
  }

  public PageOf<ParticipantSnapshot> list(int page, int size) {
    List<ParticipantSnapshot> items =
        store.page(page, size).stream().map(e -> SnapshotJson.snapshot(e.snapshot)).toList();
    return new PageOf<>(items, page, size, store.count());
  }

  public PageOf<HistoryEntry> history(String id, int page, int size) {
    get(id);
    List<HistoryEntry> items =
        store.history(id, page, size).stream().map(ParticipantAdministration::entry).toList();
    return new PageOf<>(items, page, size, store.historySize(id));
  }

  public ParticipantSnapshot version(String id, long version) {
    get(id);
    return store
        .version(id, version)
        .map(v -> SnapshotJson.snapshot(v.snapshot))
        .orElseThrow(
            () -> PolicyException.notFound("participant " + id + " has no version " + version));
  }

  private ParticipantEntity lockedForWrite(String id, String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw PolicyException.preconditionRequired();
    }
    ParticipantEntity row = store.lock(id).orElseThrow(() -> unknown(id));
    Versions.requireMatch(ifMatch, row.version);
    if (row.status == ParticipantStatus.REVOKED) {
      throw PolicyException.conflict("participant " + id + " is revoked", List.of());
    }
    return row;
  }

  private ParticipantSnapshot commit(
      ParticipantEntity row,
      ParticipantSnapshot current,
      ParticipantSnapshot next,
      ChangeKind change,
      Actor actor) {
    Instant now = Instant.now();
    store.update(row, next, now);
    record(current, next, change, actor, now);
    return flushed(next);
  }

  private void record(
      ParticipantSnapshot before,
      ParticipantSnapshot after,
      ChangeKind change,
      Actor actor,
      Instant now) {
    ParticipantVersionEntity v = new ParticipantVersionEntity();
    v.participantId = after.participantId();
    v.version = after.version();
    v.change = change;
    v.changedBy = actor.subject();
    v.changedAt = now;
    v.reason = actor.reason();
    v.diff =
        SnapshotJson.write(ChangeDiff.between(SnapshotJson.tree(before), SnapshotJson.tree(after)));
    v.snapshot = SnapshotJson.write(after);
    store.appendVersion(v);

    String source = config.bus().source();
    outbox.add(
        CloudEvent.of(
            source,
            EventType.POLICY_CHANGED,
            after.participantId(),
            new PolicyChangedData(after.participantId(), after.version(), change.name())));
    boolean statusChange =
        change == ChangeKind.SUSPENDED
            || change == ChangeKind.REACTIVATED
            || change == ChangeKind.REVOKED;
    outbox.add(
        CloudEvent.of(
            source,
            EventType.AUDIT_RECORDED,
            after.participantId(),
            AuditEventData.builder(
                    SERVICE,
                    statusChange
                        ? AuditAction.PARTICIPANT_STATUS_CHANGE
                        : AuditAction.POLICY_CHANGE,
                    Outcome.SUCCESS)
                .caller(actor.subject())
                .participantId(after.participantId())
                .reason(actor.reason())
                .details(
                    Map.of(
                        "change", change.name(),
                        "version", Long.toString(after.version()),
                        "status", after.status().name()))
                .build()));
  }

  /** Flushes inside the transaction so a lost race on a unique key is a 409, not a 500. */
  private ParticipantSnapshot flushed(ParticipantSnapshot next) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      throw PolicyException.conflict(
          "participant " + next.participantId() + " was changed concurrently; read and retry",
          List.of());
    }
    return next;
  }

  private void requireFreeBindings(ParticipantSnapshot next) {
    List<FieldError> taken = store.bindingConflicts(next);
    if (!taken.isEmpty()) {
      throw PolicyException.conflict("identifiers are registered to another participant", taken);
    }
  }

  /** The QHIN a participant belongs to: itself for a QHIN, an existing QHIN for the others. */
  private String checkQhin(String id, Registration r, List<FieldError> errors) {
    if (r.kind() == ParticipantKind.QHIN) {
      if (r.qhinId() != null && !r.qhinId().equals(id)) {
        errors.add(new FieldError("qhinId", "a QHIN belongs to itself"));
      }
      return id;
    }
    if (r.qhinId() == null) {
      errors.add(new FieldError("qhinId", "required for a " + r.kind()));
      return null;
    }
    boolean isQhin = store.find(r.qhinId()).map(q -> q.kind == ParticipantKind.QHIN).orElse(false);
    if (!isQhin) {
      errors.add(new FieldError("qhinId", "no QHIN is registered as '" + r.qhinId() + "'"));
    }
    return r.qhinId();
  }

  private ParticipantSnapshot snapshot(
      String id,
      Registration r,
      String qhinId,
      ParticipantStatus status,
      long version,
      TrustPolicy policy,
      Map<String, String> storedHashes) {
    List<RegisteredClient> clients = new ArrayList<>();
    for (ClientRegistration c : r.clients()) {
      String hash = null;
      if (c.authMethods().contains(RegistrationRules.CLIENT_SECRET_BASIC)) {
        hash =
            c.clientSecret() != null
                ? BcryptUtil.bcryptHash(c.clientSecret(), config.admin().bcryptCost())
                : storedHashes.get(c.clientId());
      }
      clients.add(
          new RegisteredClient(
              c.clientId(),
              c.jwks(),
              c.jwksUri(),
              c.grantTypes(),
              c.authMethods(),
              hash,
              c.roles()));
    }
    return new ParticipantSnapshot(
        id,
        r.displayName(),
        r.kind(),
        qhinId,
        status,
        version,
        r.issuers(),
        r.audiences(),
        List.copyOf(clients),
        policy);
  }

  private static ParticipantSnapshot withPolicy(ParticipantSnapshot s, TrustPolicy policy) {
    return new ParticipantSnapshot(
        s.participantId(),
        s.displayName(),
        s.kind(),
        s.qhinId(),
        s.status(),
        s.version() + 1,
        s.issuers(),
        s.audiences(),
        s.clients(),
        policy);
  }

  private static HistoryEntry entry(ParticipantVersionEntity v) {
    List<ChangeDiff.Change> diff =
        SnapshotJson.MAPPER.convertValue(
            SnapshotJson.tree(v.diff), new TypeReference<List<ChangeDiff.Change>>() {});
    return new HistoryEntry(v.version, v.change, v.changedBy, v.changedAt, v.reason, diff);
  }

  static PolicyException unknown(String id) {
    return PolicyException.notFound("no participant '" + id + "'");
  }
}
