package org.qhinguard.audit.anomaly;

/** Whose traffic a baseline describes: one client of one participant on one resource type. */
public record BaselineKey(String participantId, String clientId, String resourceType) {}
