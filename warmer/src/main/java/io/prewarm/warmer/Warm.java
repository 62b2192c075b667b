package io.prewarm.warmer;

import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between the consumer loop and the HTTP side: a task in, the future of its result out.
 * {@link EdgeClient#warm} is the real one; tests script their own, to end tasks when and how they
 * choose. The loop treats a future that fails, or a call that throws, as a task without a result.
 */
@FunctionalInterface
interface Warm {
    CompletableFuture<WarmResult> warm(Task task);
}
