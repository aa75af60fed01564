package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.policy.domain.PolicyException.FieldError;

/**
 * Reads and writes participants, their bindings and their versions. Callers hold the transaction.
 */
@ApplicationScoped
public class ParticipantStore {

  public Optional<ParticipantEntity> find(String id) {
    return ParticipantEntity.findByIdOptional(id);
  }

  /** The row locked for the rest of the transaction, so concurrent writers queue up. */
  public Optional<ParticipantEntity> lock(String id) {
    return ParticipantEntity.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  public Optional<ParticipantSnapshot> snapshot(String id) {
    return find(id).map(e -> SnapshotJson.snapshot(e.snapshot));
  }

  public Optional<ParticipantSnapshot> byIssuer(String issuer) {
    return IssuerBinding.<IssuerBinding>findByIdOptional(issuer)
        .flatMap(b -> snapshot(b.participantId));
  }

  public Optional<ParticipantSnapshot> byClient(String clientId) {
    return ClientBinding.<ClientBinding>findByIdOptional(clientId)
        .flatMap(b -> snapshot(b.participantId));
  }

  public Optional<ParticipantSnapshot> byAudience(String audience) {
    return AudienceBinding.<AudienceBinding>findByIdOptional(audience)
        .flatMap(b -> snapshot(b.participantId));
  }

  public List<ParticipantEntity> page(int page, int size) {
    return ParticipantEntity.findAll(Sort.by("id")).page(Page.of(page, size)).list();
  }

  public long count() {
    return ParticipantEntity.count();
  }

  /** The issuers, audiences and clients of {@code s} that another participant already owns. */
  public List<FieldError> bindingConflicts(ParticipantSnapshot s) {
    List<FieldError> conflicts = new ArrayList<>();
    String me = s.participantId();
    for (int i = 0; i < s.issuers().size(); i++) {
      IssuerBinding b = IssuerBinding.findById(s.issuers().get(i).issuer());
      if (b != null && !b.participantId.equals(me)) {
        conflicts.add(taken("issuers[" + i + "].issuer", b.participantId));
      }
    }
    for (int i = 0; i < s.audiences().size(); i++) {
      AudienceBinding b = AudienceBinding.findById(s.audiences().get(i));
      if (b != null && !b.participantId.equals(me)) {
        conflicts.add(taken("audiences[" + i + "]", b.participantId));
      }
    }
    for (int i = 0; i < s.clients().size(); i++) {
      ClientBinding b = ClientBinding.findById(s.clients().get(i).clientId());
      if (b != null && !b.participantId.equals(me)) {
        conflicts.add(taken("clients[" + i + "].clientId", b.participantId));
      }
    }
    return conflicts;
  }

  private static FieldError taken(String field, String owner) {
    return new FieldError(field, "already registered to participant " + owner);
  }

  public void insert(ParticipantSnapshot s, Instant now) {
    ParticipantEntity e = new ParticipantEntity();
    e.id = s.participantId();
    e.createdAt = now;
    fill(e, s, now);
    e.persist();
    bind(s);
  }

  public void update(ParticipantEntity e, ParticipantSnapshot s, Instant now) {
    fill(e, s, now);
    sync(
        IssuerBinding.list("participantId", e.id),
        (IssuerBinding b) -> b.issuer,
        s.issuers().stream().map(TokenIssuer::issuer).toList(),
        k -> new IssuerBinding(k, e.id));
    sync(
        AudienceBinding.list("participantId", e.id),
        (AudienceBinding b) -> b.audience,
        s.audiences(),
        k -> new AudienceBinding(k, e.id));
    sync(
        ClientBinding.list("participantId", e.id),
        (ClientBinding b) -> b.clientId,
        s.clients().stream().map(RegisteredClient::clientId).toList(),
        k -> new ClientBinding(k, e.id));
  }

  /** Deletes the bindings no longer wanted and adds the new ones, leaving the rest in place. */
  private static <B extends PanacheEntityBase> void sync(
      List<B> existing, Function<B, String> key, List<String> wanted, Function<String, B> create) {
    Set<String> kept = new HashSet<>();
    for (B b : existing) {
      if (wanted.contains(key.apply(b))) {
        kept.add(key.apply(b));
      } else {
        b.delete();
      }
    }
    for (String w : wanted) {
      if (kept.add(w)) {
        create.apply(w).persist();
      }
    }
  }

  private static void fill(ParticipantEntity e, ParticipantSnapshot s, Instant now) {
    e.displayName = s.displayName();
    e.kind = s.kind();
    e.qhinId = s.qhinId();
    e.status = s.status();
    e.version = s.version();
    e.snapshot = SnapshotJson.write(s);
    e.updatedAt = now;
  }

  private static void bind(ParticipantSnapshot s) {
    for (TokenIssuer i : s.issuers()) {
      new IssuerBinding(i.issuer(), s.participantId()).persist();
    }
    for (String a : s.audiences()) {
      new AudienceBinding(a, s.participantId()).persist();
    }
    for (RegisteredClient c : s.clients()) {
      new ClientBinding(c.clientId(), s.participantId()).persist();
    }
  }

  public void appendVersion(ParticipantVersionEntity v) {
    v.persist();
  }

  public List<ParticipantVersionEntity> history(String id, int page, int size) {
    return ParticipantVersionEntity.find("participantId", Sort.descending("version"), id)
        .page(Page.of(page, size))
        .list();
  }

  public long historySize(String id) {
    return ParticipantVersionEntity.count("participantId", id);
  }

  public Optional<ParticipantVersionEntity> version(String id, long version) {
    return ParticipantVersionEntity.find("participantId = ?1 and version = ?2", id, version)
        .firstResultOptional();
  }
}
