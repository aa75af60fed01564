package org.qhinguard.fhirupstream;

/**
 * Runs the synthetic upstream until killed: {@code java -cp ...
 * org.qhinguard.fhirupstream.UpstreamMain [port] [patients]} (defaults 8090 and 60), on loopback
 * unless the system property {@code qg.upstream.host} names another address (the container image
 * sets {@code 0.0.0.0}).
 */
public final class UpstreamMain {
  private UpstreamMain() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
    int patients = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    FhirUpstreamServer server =
        FhirUpstreamServer.start(
            System.getProperty("qg.upstream.host", "127.0.0.1"), port, patients);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("fhir-upstream serving " + patients + " patients at " + server.baseUrl());
    Thread.currentThread().join();
  }
}
