package io.ferry.cli.client;

/** A client command that could not be carried out, with the exit code scripts see. */
public final class ClientException extends RuntimeException {

    /** The worker answered with an error, or validation found problems. */
    public static final int FAILED = 1;
    /** The command line (or a context it names) is wrong. */
    public static final int USAGE = 2;
    /** The worker could not be reached. */
    public static final int UNREACHABLE = 3;
    /** The connector (or other resource) does not exist. */
    public static final int NOT_FOUND = 4;
    /** The worker refused the credentials (401), or did not allow the request to them (403 or a refused certificate). */
    public static final int REFUSED = 5;

    private final int exitCode;

    public ClientException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
