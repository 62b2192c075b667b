package io.prewarm.warmer;

/** What one warm request learned from the edge. */
public record EdgeResponse(int status, String xCache, String cfPop, String location, long bytes) {
}
