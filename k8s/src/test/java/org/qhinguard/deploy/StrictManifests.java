package org.qhinguard.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into the fabric8 Kubernetes API types, rejecting what the API server
 * would reject with {@code --validate=strict}: unknown fields at any depth, scalars of the wrong
 * type, and kinds the suite does not deploy.
 */
final class StrictManifests {

  /** The apiVersion/kind pairs the suite deploys; anything else is refused. */
  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * fabric8 model classes collect unknown fields into {@code additionalProperties} through a
   * {@code @JsonAnySetter}; dropping that setter makes Jackson fail on them instead.
   */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .addModule(
              new SimpleModule("no-additional-properties")
                  .setDeserializerModifier(
                      new BeanDeserializerModifier() {
                        @Override
                        public BeanDeserializerBuilder updateBuilder(
                            DeserializationConfig config,
                            BeanDescription description,
                            BeanDeserializerBuilder builder) {
                          if (description.getBeanClass().getName().startsWith("io.fabric8.")) {
                            builder.setAnySetter(null);
                          }
                          return builder;
                        }
                      }))
          .build();

  private StrictManifests() {}

  /** Every document of a multi-document YAML stream, typed; fails on the first invalid one. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var parser = YAML.createParser(yaml)) {
      var documents = YAML.readValues(parser, JsonNode.class);
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        index++;
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        objects.add(typed(document, index));
      }
    } catch (InvalidManifestException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Jackson's YAML iterator reports a syntax error as an unchecked exception.
      throw new InvalidManifestException("not a YAML stream: " + e.getMessage(), e);
    }
    return objects;
  }

  private static HasMetadata typed(JsonNode document, int index) {
    String apiVersion = document.path("apiVersion").asText("");
    String kind = document.path("kind").asText("");
    String where =
        "document " + index + " (" + apiVersion + " " + kind + " " + name(document) + ")";
    Class<? extends HasMetadata> type = TYPES.get(apiVersion + "/" + kind);
    if (type == null) {
      throw new InvalidManifestException(where + ": not a kind the suite deploys");
    }
    try {
      return STRICT.treeToValue(document, type);
    } catch (JsonProcessingException e) {
      throw new InvalidManifestException(where + ": " + e.getMessage(), e);
    }
  }

  private static String name(JsonNode document) {
    return document.path("metadata").path("name").asText("<unnamed>");
  }

  /** A manifest the Kubernetes API would not accept as written. */
  static final class InvalidManifestException extends RuntimeException {
    InvalidManifestException(String message) {
      super(message);
    }

    InvalidManifestException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
