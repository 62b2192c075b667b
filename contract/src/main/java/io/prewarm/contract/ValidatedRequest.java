package io.prewarm.contract;

import java.util.List;

/** A request that passed validation, with the distinct PoPs its target resolved to. */
public record ValidatedRequest(PrewarmRequest request, List<String> pops) {
}
