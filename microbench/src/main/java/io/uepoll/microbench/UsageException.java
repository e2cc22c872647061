package io.uepoll.microbench;

/** A command line the command cannot run: the one-line reason and the command's usage. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String usage;

    UsageException(String message, String usage) {
        super(message);
        this.usage = usage;
    }
}
