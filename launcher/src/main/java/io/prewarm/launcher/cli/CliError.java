package io.prewarm.launcher.cli;

/**
 * Ends a CLI command with a message for the user and an {@link Exit} code. Thrown from wherever
 * the problem is noticed (argument parsing, file reading, an HTTP answer) and turned into
 * "prewarm: message" on stderr by {@link Cli}, so no command needs its own error plumbing.
 */
public final class CliError extends RuntimeException {
    private final int code;

    public CliError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
