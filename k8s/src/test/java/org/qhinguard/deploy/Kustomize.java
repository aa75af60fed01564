package org.qhinguard.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize}, the same renderer the cluster uses. */
final class Kustomize {

  private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The repository root: set by the build, else the module's parent directory. */
  static Path repoRoot() {
    String root = System.getProperty("qg.repo.root");
    Path path = root != null ? Path.of(root) : Path.of("..");
    return path.toAbsolutePath().normalize();
  }

  static Path overlay(String name) {
    return repoRoot().resolve("k8s/overlays").resolve(name);
  }

  /** The rendered YAML of a kustomization directory; rendered once per test JVM. */
  static String render(Path dir) {
    return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
  }

  private static String run(Path dir) {
    Path kubectl =
        findOnPath("kubectl")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "kubectl is not on PATH: the manifest tests render the overlays with"
                            + " `kubectl kustomize`; install kubectl 1.20 or newer (e.g. the Debian package"
                            + " kubernetes-client) and run again"));
    try {
      Path out = Files.createTempFile("kustomize", ".yaml");
      Path err = Files.createTempFile("kustomize", ".err");
      try {
        Process process =
            new ProcessBuilder(List.of(kubectl.toString(), "kustomize", dir.toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl kustomize " + dir + " took over 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "kubectl kustomize "
                  + dir
                  + " failed: "
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run kubectl kustomize " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering " + dir, e);
    }
  }

  private static Optional<Path> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
