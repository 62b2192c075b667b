package io.prewarm.status.fold;

import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.ResultBatch.PopBackoff;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The PoP back-off words of one job, as its header keeps them: the latest word of each warmer about
 * each PoP, by its {@code at} (a word no later than the one held, such as a redelivery, changes
 * nothing). The rule: a PoP is backed off while some warmer's latest word about it is open and no
 * task of the job at that PoP has succeeded with a {@code finishedAt} after that word's {@code at};
 * such a success closes the word (kept, with its {@code at}, so an older word arriving late still
 * changes nothing). A warmer holds its tasks at the PoP and says so again when it backs off again,
 * so the rule needs no clock of its own. At most {@value #MAX_WORDS} words are kept: when full,
 * closed ones make room, and a new word is dropped only when all are open. Pure functions over
 * immutable lists: the header that holds them is never changed in place.
 */
final class BackoffWords {
    static final int MAX_WORDS = 1_000;

    private BackoffWords() {
    }

    /** Whether a warmer's word can be kept: it names its PoP. */
    static boolean readable(PopBackoff w) {
        return w != null && w.pop() != null && !w.pop().isBlank();
    }

    /** {@code held} with {@code batch}'s readable words, then with the words its successes close; {@code held} itself when nothing changed. */
    static List<PopBackoff> afterBatch(List<PopBackoff> held, ResultBatch batch) {
        List<PopBackoff> words = held;
        for (PopBackoff w : batch.backoffs()) {
            words = readable(w) ? with(words, w) : words;
        }
        if (anyOpen(words)) {
            for (WarmResult r : batch.results()) {
                if (r != null && r.succeeded() && r.pop() != null && batch.requestID().equals(r.requestID())) {
                    words = clearedBy(words, r.pop(), r.finishedAt());
                }
            }
        }
        return words;
    }

    /** {@code held} with {@code word} as its warmer's latest about its PoP; {@code held} itself when it is not newer. */
    static List<PopBackoff> with(List<PopBackoff> held, PopBackoff word) {
        for (int i = 0; i < held.size(); i++) {
            PopBackoff w = held.get(i);
            if (w.pop().equals(word.pop()) && Objects.equals(w.warmer(), word.warmer())) {
                return word.at() > w.at() ? replaced(held, i, word) : held;
            }
        }
        List<PopBackoff> room = held.size() < MAX_WORDS ? held : held.stream().filter(PopBackoff::open).toList();
        if (room.size() >= MAX_WORDS) {
            return held;
        }
        List<PopBackoff> next = new ArrayList<>(room);
        next.add(word);
        return List.copyOf(next);
    }

    /** {@code held} with the open words about {@code pop} said before {@code finishedAt} closed: a task there succeeded then. */
    static List<PopBackoff> clearedBy(List<PopBackoff> held, String pop, long finishedAt) {
        List<PopBackoff> next = held;
        for (int i = 0; i < held.size(); i++) {
            PopBackoff w = held.get(i);
            if (w.open() && w.pop().equals(pop) && w.at() < finishedAt) {
                next = replaced(next, i, new PopBackoff(w.pop(), false, w.reason(), w.since(), 0, w.warmer(), w.at()));
            }
        }
        return next;
    }

    /** Whether any word is open: the cheap test before {@link #clearedBy}, which most batches need not make. */
    static boolean anyOpen(List<PopBackoff> held) {
        for (PopBackoff w : held) {
            if (w.open()) {
                return true;
            }
        }
        return false;
    }

    /** The words that are open: the PoPs backed off now, one word per warmer. */
    static List<PopBackoff> open(List<PopBackoff> held) {
        return held.stream().filter(PopBackoff::open).toList();
    }

    private static List<PopBackoff> replaced(List<PopBackoff> list, int at, PopBackoff w) {
        List<PopBackoff> next = new ArrayList<>(list);
        next.set(at, w);
        return List.copyOf(next);
    }
}
