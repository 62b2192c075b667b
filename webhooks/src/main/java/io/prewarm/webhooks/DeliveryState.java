package io.prewarm.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The durable record of one job's callback: what is sent (the completion event's JSON, signed as is),
 * under which delivery id (the same on every attempt, so a receiver can drop the duplicates that
 * at-least-once delivery brings), and how far it got. The status store keeps one per job (Smile,
 * {@code CompactSerde.of(DeliveryState.class)}) and shows it, {@link #withoutBody() without the body},
 * in the job's detail. Times are epoch milliseconds; {@code nextAttemptAt} and {@code deliveredAt}
 * are 0 when there is none.
 */
public record DeliveryState(String requestID, String url, String deliveryId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String body,
                            long createdAt, int attempts, long nextAttemptAt, State state,
                            Integer lastStatus, String lastError, long deliveredAt) {

    /** PENDING until an attempt ends it: DELIVERED (2xx), FAILED (an answer not worth retrying), GAVE_UP (24 h of retries). */
    public enum State { PENDING, DELIVERED, FAILED, GAVE_UP }

    /** A new delivery of {@code body} to {@code url}, due at once, with a fresh delivery id. */
    public static DeliveryState first(String requestID, String url, String body, long now) {
        return new DeliveryState(requestID, url, UUID.randomUUID().toString(), body, now, 0, now, State.PENDING, null, null, 0);
    }

    /** The same without the body: for display (the body is the job's own completion event). */
    public DeliveryState withoutBody() {
        return new DeliveryState(requestID, url, deliveryId, null, createdAt, attempts, nextAttemptAt, state, lastStatus, lastError, deliveredAt);
    }

    /** After one more attempt that got {@code status} (or none) and {@code error} (or none). */
    DeliveryState attempted(State next, long nextAt, Integer status, String error, long deliveredAtMillis) {
        return new DeliveryState(requestID, url, deliveryId, body, createdAt, attempts + 1, nextAt, next, status, error, deliveredAtMillis);
    }
}
