package io.prewarm.warmer;

import io.prewarm.contract.ResultBatch.PopBackoff;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This warmer's circuit per PoP, so an overloaded PoP (and the origin behind it) gets air while
 * the other PoPs go on. Overload answers in a row (HTTP 429 or 503, a refused connection, one
 * dropped before any answer) are counted; after {@code after} of them the circuit opens and no
 * task starts there until the PoP's {@code Retry-After} ({@link RetryAfter}) or else an
 * exponential wait from 1 s to {@code maxBackoff}, with jitter. Then it half-opens: one probe task
 * goes (the next waits for its answer, at most {@code probeLease}); any answer that is not an
 * overload closes the circuit, an overload opens it again for longer. A circuit open for
 * {@code giveUp} without a successful probe fails its waiting tasks unsent (probes go on).
 *
 * <p>Every open and close is a {@link Change} for the consumer loop to tell the jobs involved on
 * {@code prewarm.results}; the jobs told while it was open are kept with the circuit so each is told
 * when it closes. A closed circuit with nothing counted is forgotten. Thread-safe.
 */
final class PopCircuits {
    private static final Logger LOG = LoggerFactory.getLogger(PopCircuits.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final long FIRST_WAIT_MS = 1_000;
    private static final int MAX_TOLD = 10_000;

    record Settings(int after, Duration maxBackoff, Duration giveUp, Duration probeLease, String warmer) {
    }

    /** Whether a task may start at a PoP now. */
    sealed interface Gate permits Go, Probe, Held, GiveUp {
    }

    /** Closed: go. */
    record Go() implements Gate {
    }

    /** Half-open: this task is the probe; say {@link #probing} when it starts. */
    record Probe() implements Gate {
    }

    /** Backed off: wait until {@code untilMs}. */
    record Held(long untilMs) implements Gate {
    }

    /** Backed off for too long: fail the task unsent, with {@code reason}. */
    record GiveUp(String reason) implements Gate {
    }

    /** A circuit opened (tell the jobs at the PoP now, {@code told} null) or closed (tell {@code told}). */
    record Change(PopBackoff word, Set<String> told) {
    }

    private static final Gate GO = new Go();
    private static final Gate PROBE = new Probe();

    private final Settings settings;
    private final InstantSource clock;
    private final DoubleSupplier random;
    private final Map<String, Circuit> circuits = new HashMap<>();
    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();

    private static final class Circuit {
        int inARow;
        String kind;
        String retryAfter;
        boolean open;
        boolean gaveUp;
        int opens;
        long since;
        long retryAt;
        long probeUntil;
        final Set<String> told = new HashSet<>();
    }

    PopCircuits(Settings settings, InstantSource clock, DoubleSupplier random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    PopCircuits(Settings settings) {
        this(settings, InstantSource.system(), () -> ThreadLocalRandom.current().nextDouble());
    }

    synchronized Gate gate(String pop) {
        Circuit c = circuits.get(pop);
        if (c == null || !c.open) {
            return GO;
        }
        long now = clock.millis();
        if (now >= c.retryAt && now >= c.probeUntil) {
            return PROBE;
        }
        if (now - c.since >= settings.giveUp().toMillis()) {
            if (!c.gaveUp) {
                c.gaveUp = true;
                LOG.warn("PoP {} backed off since {} without a successful probe: its waiting tasks fail unsent, probes go on", pop,
                        CLOCK.format(Instant.ofEpochMilli(c.since)));
            }
            return new GiveUp("not sent: PoP " + pop + " backed off since " + CLOCK.format(Instant.ofEpochMilli(c.since)) + " (" + reason(c) + ")");
        }
        return new Held(Math.max(c.retryAt, c.probeUntil));
    }

    /** The probe {@link #gate} allowed has started: the next task waits for its answer (at most the probe lease). */
    synchronized void probing(String pop) {
        Circuit c = circuits.get(pop);
        if (c != null && c.open) {
            c.probeUntil = clock.millis() + settings.probeLease().toMillis();
            LOG.info("PoP {} half-open: one probe task goes", pop);
        }
    }

    /** For a retry or a verification: 0 go now (as the probe, if half-open), more: wait that many ms, -1: given up. */
    synchronized long retryWaitMillis(String pop) {
        Gate gate = gate(pop);
        if (gate instanceof Probe) {
            probing(pop);
        }
        if (gate instanceof Held held) {
            return Math.max(1, held.untilMs() - clock.millis());
        }
        return gate instanceof GiveUp ? -1 : 0;
    }

    /** The PoP showed an overload ({@code kind}, e.g. {@code HTTP 503}), with this {@code Retry-After} (or null). */
    synchronized void overloaded(String pop, String kind, String retryAfter) {
        Circuit c = circuits.computeIfAbsent(pop, p -> new Circuit());
        c.inARow++;
        c.kind = kind;
        c.retryAfter = retryAfter;
        long now = clock.millis();
        if (!c.open && c.inARow >= settings.after()) {
            c.open = true;
            c.since = now;
            c.opens = 1;
            c.retryAt = now + waitMillis(c, now);
            LOG.warn("PoP {} backed off until {} ({}): its tasks wait, other PoPs go on", pop, CLOCK.format(Instant.ofEpochMilli(c.retryAt)), reason(c));
            changes.add(new Change(word(pop, c, now), null));
        } else if (c.open && c.probeUntil > now) {
            c.opens++;
            c.probeUntil = 0;
            c.retryAt = now + waitMillis(c, now);
            LOG.warn("PoP {} still overloaded ({}): backed off again until {}", pop, reason(c), CLOCK.format(Instant.ofEpochMilli(c.retryAt)));
            changes.add(new Change(word(pop, c, now), null));
        }
        // open and no probe out: answers to requests sent before it opened, counted only
    }

    /** The PoP answered without an overload ({@code what}, e.g. {@code HTTP 200}): the count starts again, an open circuit closes. */
    synchronized void answered(String pop, String what) {
        Circuit c = circuits.remove(pop);
        if (c == null || !c.open) {
            return;
        }
        long now = clock.millis();
        LOG.info("PoP {} answers again ({}): back-off since {} ended", pop, what, CLOCK.format(Instant.ofEpochMilli(c.since)));
        changes.add(new Change(new PopBackoff(pop, false, "answers again (" + what + ")", c.since, 0, settings.warmer(), now), Set.copyOf(c.told)));
    }

    /** Marks {@code requestID} told about the PoP's back-off; the word to send when it was not told yet and the PoP is backed off. */
    synchronized Optional<PopBackoff> tell(String pop, String requestID) {
        Circuit c = circuits.get(pop);
        if (c == null || !c.open || c.told.size() >= MAX_TOLD || !c.told.add(requestID)) {
            return Optional.empty();
        }
        return Optional.of(word(pop, c, clock.millis()));
    }

    /** Marks {@code requestID} told about the PoP's current back-off (after a {@link Change} was sent to it). */
    synchronized void told(String pop, String requestID) {
        Circuit c = circuits.get(pop);
        if (c != null && c.open && c.told.size() < MAX_TOLD) {
            c.told.add(requestID);
        }
    }

    /** Whether any PoP is backed off now. */
    synchronized boolean anyOpen() {
        return circuits.values().stream().anyMatch(c -> c.open);
    }

    /** How many PoPs are backed off now (open, half-open or given up). */
    synchronized int openCount() {
        return (int) circuits.values().stream().filter(c -> c.open).count();
    }

    /** The opens and closes since the last call, oldest first. */
    List<Change> changes() {
        List<Change> out = new java.util.ArrayList<>();
        for (Change c; (c = changes.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    private long waitMillis(Circuit c, long now) {
        var asked = RetryAfter.millis(c.retryAfter, now);
        if (asked.isPresent()) {
            return asked.getAsLong();
        }
        long base = Math.min(settings.maxBackoff().toMillis(), FIRST_WAIT_MS << Math.min(c.opens - 1, 30));
        return (long) (base * (0.8 + 0.2 * random.getAsDouble()));
    }

    private PopBackoff word(String pop, Circuit c, long now) {
        return new PopBackoff(pop, true, reason(c), c.since, c.retryAt, settings.warmer(), now);
    }

    private static String reason(Circuit c) {
        return c.kind + " x" + c.inARow + (c.retryAfter == null ? "" : ", Retry-After: " + c.retryAfter);
    }
}
