package io.prewarm.contract;

/** The identity of a task inside a job; shared by warmer results and the status fold. */
public final class TaskKey {
    private TaskKey() {
    }

    public static String of(String url, String pop, String acceptEncoding) {
        return pop + '\u001f' + (acceptEncoding == null ? "" : acceptEncoding) + '\u001f' + url;
    }
}
