package io.prewarm.warmer;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Task;
import java.util.concurrent.CompletableFuture;

/**
 * The seam between the consumer loop and a document task (issue 16): its one task and what to read
 * it as in, the future of its {@link Expansion.DocumentResult} out, completed once every part it
 * wrote is acknowledged. {@link DocumentTasks#read} is the real one; tests script their own. A
 * future that fails is a task without a result: its batch stays uncommitted and is read again.
 */
@FunctionalInterface
interface ReadDocument {
    CompletableFuture<Expansion.DocumentResult> read(Task task, Expansion.Read read);
}
