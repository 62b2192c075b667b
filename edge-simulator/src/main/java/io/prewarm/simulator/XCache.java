package io.prewarm.simulator;

/** What a PoP tells the client about where an answer came from, spelled as CloudFront spells it. */
enum XCache {
    MISS("Miss from cloudfront"),
    HIT("Hit from cloudfront"),
    REFRESH_HIT("RefreshHit from cloudfront");

    final String header;

    XCache(String header) {
        this.header = header;
    }
}
